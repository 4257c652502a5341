"""gunicorn's settings for the web application: the Dockerfile, docker-compose.yml, the
systemd unit in the README and benchmarks/load.py all start it with `-c gunicorn.conf.py`.

Workers and threads are chosen by measurement (benchmarks/RESULTS.md, "Load: fifty staff
over HTTP"); WEB_WORKERS (processes) and WEB_THREADS (threads in each) override them.
Every thread holds one database connection (DB_CONN_MAX_AGE in contactpolicy/settings.py).
"""

import os

bind = os.environ.get("WEB_BIND") or "0.0.0.0:8000"
workers = int(os.environ.get("WEB_WORKERS") or 3)
threads = int(os.environ.get("WEB_THREADS") or 4)
worker_class = "gthread" if threads > 1 else "sync"
# A page that takes longer is a fault: the worker is restarted rather than left hanging.
# Longer than DB_STATEMENT_TIMEOUT_MS, so a slow statement ends in the 503 page first.
timeout = int(os.environ.get("WEB_TIMEOUT") or 30)
graceful_timeout = 20
keepalive = 5
# Restart each worker after about a thousand requests, so memory a request leaves behind
# cannot grow without end; the jitter keeps the workers from restarting together.
max_requests = 1000
max_requests_jitter = 100
accesslog = "-"
