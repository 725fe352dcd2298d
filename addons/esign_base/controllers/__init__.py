from . import signing as signing
from . import verify as verify
