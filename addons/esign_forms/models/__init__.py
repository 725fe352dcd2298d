# Order matters: a file extending a model comes after the file defining it.
from . import esign_form
from . import esign_form_public
from . import esign_form_field
from . import esign_form_submission
from . import esign_form_value
from . import esign_form_export
from . import esign_form_export_job
from . import esign_request
from . import esign_signer
from . import esign_form_demo
