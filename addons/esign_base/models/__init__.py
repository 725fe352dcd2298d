# Order matters: a file extending a model comes after the file defining it.
from . import esign_role
from . import esign_template
from . import esign_template_demo
from . import esign_template_field
from . import esign_audit_log
from . import esign_certificate
from . import esign_request
from . import esign_request_field
from . import esign_signer
from . import esign_signer_portal
from . import esign_signer_values
from . import esign_request_seal
from . import esign_request_verify
from . import res_company
from . import res_config_settings
from . import esign_request_ltv
