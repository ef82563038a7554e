# One image for the web and worker services (see docker-compose.yml).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 SPINDLE_ENV=production
# bubblewrap runs student code; Debian's python3 is the interpreter inside the sandbox;
# setpriv (util-linux) drops each run to its slot uid.
RUN apt-get update \
 && apt-get install -y --no-install-recommends bubblewrap python3 util-linux \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml constraints.txt ./
RUN pip install --no-cache-dir -c constraints.txt .
COPY . .
# collectstatic needs settings that load; the real key comes from the environment at run time.
RUN SECRET_KEY=collectstatic-only-not-a-real-key-000000000000000000000 ALLOWED_HOSTS=build \
    python manage.py collectstatic --noinput

RUN useradd --system --uid 10001 spindle
USER spindle
EXPOSE 8000
# --preload: the app is imported once and the workers share it copy-on-write (see docker-compose.yml).
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--preload"]
