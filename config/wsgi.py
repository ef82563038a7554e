import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

# gunicorn --preload imports this module once, then forks its workers, which share its memory
# until they write to it. The garbage collector writes to every object it tracks as it walks
# them, so the workers soon copy those pages each. Frozen, the objects made so far are never
# walked and stay shared: about 45 MiB less for three workers (bench/pages.py, PSS).
gc.freeze()
