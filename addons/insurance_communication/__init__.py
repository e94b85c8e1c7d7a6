# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.

# The web routes (tracking image, delivery reports) are registered on import,
# as Tryton's own modules with routes do.
from . import routes  # noqa: F401
