# Schoolpoort service image: slim Python, non-root user, migrations before the service.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app

COPY pyproject.toml README.md ./
COPY bot ./bot
COPY berichten ./berichten
COPY taalcheck ./taalcheck
COPY config ./config
RUN apt-get update && apt-get install -y --no-install-recommends fonts-dejavu-core && rm -rf /var/lib/apt/lists/*
RUN pip install . && useradd --create-home --uid 10001 schoolpoort \
    && mkdir -p /data && chown schoolpoort /data

USER schoolpoort
WORKDIR /data
ENV DATABASE_URL=sqlite+aiosqlite:////data/schoolpoort.db \
    SCHOOLPOORT_HOLIDAYS=/app/config/vakanties.toml \
    SCHOOLPOORT_LOG_FORMAT=json \
    SCHOOLPOORT_HEALTH_HOST=0.0.0.0 \
    SCHOOLPOORT_HEALTH_PORT=8080

# /healthz (database answers) and /metrics (Prometheus); the slim image has no curl.
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD python -c "import os, sys, urllib.request; port = os.environ.get('SCHOOLPOORT_HEALTH_PORT', '8080'); sys.exit(0 if urllib.request.urlopen(f'http://127.0.0.1:{port}/healthz', timeout=3).status == 200 else 1)"

CMD ["sh", "-c", "schoolpoort init && exec schoolpoort run"]
