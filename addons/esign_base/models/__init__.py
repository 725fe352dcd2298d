from . import (
    esign_audit_log as esign_audit_log,
)
from . import (
    esign_certificate as esign_certificate,
)
from . import (
    esign_request as esign_request,
)
from . import (
    esign_request_seal as esign_request_seal,
)
from . import (
    esign_request_verify as esign_request_verify,
)
from . import (
    esign_role as esign_role,
)
from . import (
    esign_signer as esign_signer,
)
from . import (
    esign_signer_portal as esign_signer_portal,
)
from . import (
    esign_template as esign_template,
)
from . import (
    esign_template_demo as esign_template_demo,
)
from . import (
    esign_template_field as esign_template_field,
)
from . import (
    res_company as res_company,
)
from . import (
    res_config_settings as res_config_settings,
)
