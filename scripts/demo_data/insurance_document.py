"""Demo data of the insurance_document module: a few client documents and
the identity document required from every client."""
import re
import struct
import unicodedata
import zlib

from proteus import Model

from .tools import ref

MAX_CLIENTS = 20
FILE_NAMES = {
    'identity': 'piece-identite',
    'proof_of_address': 'justificatif-domicile',
    'bank_details': 'rib',
    'photo': 'photo',
    }


def generate(context):
    require_identity()
    add_documents(context, clients(context))
    check_identities(context)


def clients(context):
    "The demo clients: those the insurance generator made, or any client"
    found = context.records.get('clients')
    if not found:
        Party = Model.get('party.party')
        found = Party.find([('client_status', '!=', None)], limit=MAX_CLIENTS)
    return list(found)[:MAX_CLIENTS]


def require_identity():
    Rule = Model.get('insurance.document.requirement.rule')
    rule = Rule(document_type=ref(
            'insurance.document.type', 'insurance_document',
            'document_type_identity'))
    rule.scope = 'client'
    rule.mandatory = True
    rule.retroactive = True
    rule.save()


def add_documents(context, parties):
    Attachment = Model.get('ir.attachment')
    types = {
        code: ref('insurance.document.type', 'insurance_document',
            'document_type_' + code)
        for code in ['identity', 'proof_of_address', 'photo',
            'bank_details']}
    documents = []
    for party in parties:
        slug = slugify(party.rec_name)
        kinds = context.random.sample(
            sorted(types), context.random.randint(0, 3))
        for kind in kinds:
            if kind == 'photo':
                name, data = f'{slug}-photo.png', png(context.random)
            else:
                name = f'{slug}-{FILE_NAMES[kind]}.pdf'
                data = pdf(f"{types[kind].name} - {party.rec_name}")
            document = Attachment(name=name, resource=party, data=data)
            document.document_type = types[kind]
            document.portal_visible = kind in {'identity', 'bank_details'}
            documents.append(document)
    Attachment.save(documents)
    context.records['documents'] = documents


def slugify(text):
    text = unicodedata.normalize('NFKD', text).encode('ascii', 'ignore')
    return re.sub(r'[^a-z0-9]+', '-', text.decode().lower()).strip('-')


def check_identities(context):
    "The broker has checked most of the identity documents received"
    Requirement = Model.get('insurance.document.requirement')
    received = Requirement.find([('state', '=', 'received')])
    checked = [r for r in received if context.random.random() < 0.7]
    if checked:
        Requirement.click(checked, 'accept')


def pdf(text):
    "A one-page PDF showing text"
    text = text.encode('latin-1', 'replace').replace(b'(', b'[').replace(
        b')', b']')
    stream = b'BT /F1 18 Tf 72 720 Td (' + text + b') Tj ET'
    objects = [
        b'<< /Type /Catalog /Pages 2 0 R >>',
        b'<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
        b'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] '
        b'/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
        b'<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
        b'<< /Length %d >>\nstream\n%s\nendstream' % (len(stream), stream),
        ]
    content = b'%PDF-1.4\n'
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(content))
        content += b'%d 0 obj\n%s\nendobj\n' % (number, body)
    xref = len(content)
    content += b'xref\n0 %d\n0000000000 65535 f \n' % (len(objects) + 1)
    for offset in offsets:
        content += b'%010d 00000 n \n' % offset
    content += (b'trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n'
        % (len(objects) + 1, xref))
    return content


def png(random, size=16):
    "A small PNG of one random colour"
    def chunk(kind, data):
        return (struct.pack('>I', len(data)) + kind + data
            + struct.pack('>I', zlib.crc32(kind + data) & 0xffffffff))
    colour = bytes(random.randrange(256) for _ in range(3))
    raw = b''.join(b'\x00' + colour * size for _ in range(size))
    return (b'\x89PNG\r\n\x1a\n'
        + chunk(b'IHDR', struct.pack('>IIBBBBB', size, size, 8, 2, 0, 0, 0))
        + chunk(b'IDAT', zlib.compress(raw))
        + chunk(b'IEND', b''))
