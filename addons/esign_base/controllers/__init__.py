from . import signing
from . import verify
