from . import test_http as test_http
from . import test_request_flow as test_request_flow
from . import test_security as test_security
from . import test_signing_tour as test_signing_tour
from . import test_template as test_template
