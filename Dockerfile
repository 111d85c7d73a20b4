# Schoolpoort service image: slim Python, non-root user, migrations before the service.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app

COPY pyproject.toml README.md ./
COPY bot ./bot
COPY berichten ./berichten
COPY taalcheck ./taalcheck
COPY config ./config
RUN pip install . && useradd --create-home --uid 10001 schoolpoort \
    && mkdir -p /data && chown schoolpoort /data

USER schoolpoort
WORKDIR /data
ENV DATABASE_URL=sqlite+aiosqlite:////data/schoolpoort.db

CMD ["sh", "-c", "schoolpoort init && exec schoolpoort run"]
