from . import errors
from . import names
from . import documents
from . import audit_pdf
from . import zip_stream
