from . import controllers as controllers
from . import models as models
from . import wizard as wizard
