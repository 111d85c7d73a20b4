"""Run the local Bot API server on its own: python -m bot.localapi --port 8081 --token T."""

from __future__ import annotations

import argparse
import asyncio
import contextlib

from bot.localapi.server import LocalBotApiServer


async def _serve(port: int, token: str, username: str) -> None:
    server = LocalBotApiServer(port=port)
    server.register_bot(token, username=username)
    await server.start()
    print(f"Bot API: {server.api_base_url}  control: {server.control_url}", flush=True)
    try:
        await asyncio.Event().wait()
    finally:
        await server.stop()


def main() -> None:
    """Parse arguments and serve until interrupted."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=8081)
    parser.add_argument("--token", required=True)
    parser.add_argument("--username", default="local_bot")
    args = parser.parse_args()
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_serve(args.port, args.token, args.username))


if __name__ == "__main__":
    main()
