from . import test_template
from . import test_request_flow
from . import test_security
from . import test_http
from . import test_certificate
from . import test_signing_tour
from . import test_evidence
from . import test_request_ltv
