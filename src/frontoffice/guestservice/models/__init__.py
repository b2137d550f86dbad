"""Guest services' models, one module per area."""

from .complaints import *  # noqa: F401,F403
from .concierge import *  # noqa: F401,F403
from .events import *  # noqa: F401,F403
from .requests import *  # noqa: F401,F403
