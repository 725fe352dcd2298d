from . import signers, sources
