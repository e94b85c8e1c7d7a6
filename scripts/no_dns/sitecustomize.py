"""Python imports this module at start-up when this folder is on
PYTHONPATH: every trytond command of the process then checks e-mail
addresses without DNS (see ../offline_email.py). For commands started by
another program, e.g. the image's entrypoint run by the deployment test."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
try:
    from offline_email import no_dns_lookup
finally:
    sys.path.pop(0)
no_dns_lookup()
