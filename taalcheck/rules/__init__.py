"""The rules of the klare-taal check, one module each."""
