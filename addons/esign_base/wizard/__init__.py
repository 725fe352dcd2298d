from . import esign_request_oneoff as esign_request_oneoff
