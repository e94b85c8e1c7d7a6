"""Map every addons/<name> folder to the package trytond.modules.<name>.

The addons are declared as Tryton modules by their entry points in
pyproject.toml; this file only tells setuptools where their code lives.
"""
import os

from setuptools import setup

ADDONS = 'addons'


def addon_packages():
    package_dir, package_data = {}, {}
    for name in sorted(os.listdir(ADDONS)):
        root = os.path.join(ADDONS, name)
        if not os.path.isfile(os.path.join(root, 'tryton.cfg')):
            continue
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames[:] = [d for d in dirnames if d != '__pycache__']
            if '__init__.py' not in filenames:
                continue
            sub = os.path.relpath(dirpath, root)
            package = 'trytond.modules.' + name
            if sub != '.':
                package += '.' + sub.replace(os.sep, '.')
            package_dir[package] = dirpath
            package_data[package] = [
                '*.cfg', '*.xml', '*.rst', '*.odt', '*.fodt', '*.csv',
                '*.json', '*.png', '*.svg', 'view/*.xml', 'locale/*.po',
                'icons/*.svg', 'data/*', 'report/*']
    return package_dir, package_data


package_dir, package_data = addon_packages()
setup(
    packages=list(package_dir),
    package_dir=package_dir,
    package_data=package_data,
    )
