# The application image: gunicorn for the web, the same image for the Celery worker and beat.
FROM node:20-bookworm-slim AS assets
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-fund --no-audit --loglevel=error
COPY scripts/build_assets.py scripts/
RUN apt-get update -qq && apt-get install -y -qq --no-install-recommends python3 \
    && python3 scripts/build_assets.py

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DATA_DIR=/data
RUN apt-get update -qq \
    && apt-get install -y -qq --no-install-recommends \
       libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --create-home --uid 1000 app && mkdir /data && chown app /data
WORKDIR /app
COPY pyproject.toml requirements.lock ./
RUN pip install --no-cache-dir -c requirements.lock .
COPY . .
COPY --from=assets /app/static/vendor static/vendor
RUN DEBUG=false SECRET_KEY=build-only python manage.py collectstatic --noinput
USER app
EXPOSE 8000
# Workers, threads and the rest: gunicorn.conf.py (WEB_WORKERS, WEB_THREADS).
CMD ["gunicorn", "-c", "gunicorn.conf.py", "contactpolicy.wsgi"]
