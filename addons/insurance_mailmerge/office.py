# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""DOCX to PDF through LibreOffice headless.

Concurrent conversions sharing a LibreOffice profile silently lose
documents (exit status 0, no PDF), so each conversion holds a profile of
its own: profiles are kept in a pool of directories, each taken under an
exclusive lock for the time of one conversion and reused afterwards (a
fresh profile costs a cold start). A conversion that gives no PDF raises
OfficeError: the DOCX is never passed off as the PDF.

Configuration, section [mailmerge]: soffice (the command, default
soffice), office_timeout (seconds, default 120), office_profiles (the
directory of the profiles, default <tmp>/courtage-office)."""
import fcntl
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from trytond import config


class OfficeError(Exception):
    pass


def soffice():
    "The path of the LibreOffice command or None if it is not installed"
    return shutil.which(config.get('mailmerge', 'soffice', default='soffice'))


def _profiles_directory():
    directory = config.get(
        'mailmerge', 'office_profiles',
        default=os.path.join(tempfile.gettempdir(), 'courtage-office'))
    os.makedirs(directory, mode=0o700, exist_ok=True)
    return directory


class _Profile:
    "The first profile of the pool that no other conversion holds"

    def __enter__(self):
        directory = _profiles_directory()
        number = 0
        while True:
            lock = open(os.path.join(directory, 'profile-%d.lock' % number),
                'a')
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                lock.close()
                number += 1
                continue
            self.lock = lock
            return Path(directory, 'profile-%d' % number)

    def __exit__(self, *exc):
        fcntl.flock(self.lock, fcntl.LOCK_UN)
        self.lock.close()


def convert(data, name='document.docx', timeout=None):
    "Return the PDF of the document data (DOCX, ODT...)"
    command = soffice()
    if not command:
        raise OfficeError("LibreOffice (soffice) is not installed.")
    if timeout is None:
        timeout = config.getint('mailmerge', 'office_timeout', default=120)
    with tempfile.TemporaryDirectory(prefix='courtage-pdf-') as directory, \
            _Profile() as profile:
        source = Path(directory, 'in', Path(name).name)
        source.parent.mkdir()
        source.write_bytes(data)
        output = Path(directory, 'out')
        process = subprocess.Popen([
                command, '-env:UserInstallation=%s' % profile.as_uri(),
                '--headless', '--invisible', '--norestore', '--nolockcheck',
                '--nodefault', '--nologo',
                '--convert-to', 'pdf', '--outdir', str(output), str(source)],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            start_new_session=True)
        try:
            log, _ = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise OfficeError(
                "LibreOffice did not convert %s within %s seconds."
                % (name, timeout))
        pdf = output / (source.stem + '.pdf')
        if not pdf.exists():
            raise OfficeError(
                "LibreOffice gave no PDF for %s (exit status %s): %s"
                % (name, process.returncode,
                    log.decode('utf-8', 'replace').strip()[-500:]))
        content = pdf.read_bytes()
        if not content.startswith(b'%PDF'):
            raise OfficeError("LibreOffice gave an invalid PDF for %s." % name)
        return content
