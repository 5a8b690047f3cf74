"""gunicorn's settings for Factory Commons (docs/deploy.md): `gunicorn` in this folder reads them.

Everything that differs between machines comes from the environment.
"""

import multiprocessing
import os

wsgi_app = "cms.wsgi:application"
# Behind a reverse proxy on the same machine by default; a container sets 0.0.0.0:8000.
bind = [os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")]
# Synchronous workers, as gunicorn recommends for Django: two per core plus one by default.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
# A request that takes longer is cut off and its worker replaced. Search waits at most 2 s for
# the engine, and the cache 0.5 s, so 30 s is only reached by something truly stuck.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Workers are replaced now and then, so slow memory growth never builds up.
max_requests = 1000
max_requests_jitter = 100
# Access log to standard output, gunicorn's own messages to standard error.
accesslog = "-"
errorlog = "-"
# The proxies whose X-Forwarded-Proto (HTTPS) gunicorn believes.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
