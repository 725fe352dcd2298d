from . import test_filing
from . import test_filing_edges
from . import test_security
from . import test_immutability
from . import test_indexing
from . import test_integrity
from . import test_zip
