"""Check e-mail addresses without looking their domains up in the DNS.

Tryton checks an e-mail address with email-validator: its syntax and,
outside Tryton's own tests, that its domain exists. The demo's addresses
are invented and the test machines may have no DNS: the demo build and the
servers of the browser tests use `no_dns_lookup()`, which gives Tryton a
resolver without name servers, so that email-validator checks the syntax
and accepts a domain it cannot look up. A production server keeps the
full check.

    python scripts/offline_email.py trytond -c config/trytond.conf

runs a trytond command (trytond, trytond-admin, ...) that way.
"""
import sys


def no_dns_lookup():
    import dns.resolver
    from trytond.tools import email_

    class NoNameServers:
        def resolve(self, *args, **kwargs):
            raise dns.resolver.NoNameservers()

    email_.resolver = NoNameServers()


if __name__ == '__main__':
    no_dns_lookup()
    command = sys.argv.pop(1)
    sys.argv[0] = command
    if command == 'trytond-admin':
        from trytond.cli.admin import main
    else:
        from trytond.cli import main
    sys.exit(main())
