# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
from trytond.modules.company.company import CompanyReport
from trytond.pool import Pool


class Quote(CompanyReport):
    "Project Quote"
    __name__ = 'insurance.project.quote'

    @classmethod
    def get_context(cls, records, header, data):
        pool = Pool()
        Configuration = pool.get('insurance.configuration')
        ProjectConfiguration = pool.get('insurance.project.configuration')
        context = super().get_context(records, header, data)
        context['firm'] = Configuration(1)
        context['quote_footer'] = ProjectConfiguration(1).quote_footer
        context['today'] = pool.get('ir.date').today()
        return context
