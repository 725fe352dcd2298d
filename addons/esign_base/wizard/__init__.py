from . import esign_request_oneoff
from . import esign_seal_bulk
from . import esign_seal_bulk_line
from . import esign_seal_approval_ask
from . import esign_seal_reject
from . import esign_certificate_upload
