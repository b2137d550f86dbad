"""Every change procedures make."""

from .answers import answer_create, answer_update
from .messages import message_deliver, message_mark, message_send, message_settings_set
from .templates import protocol_create, template_create

__all__ = [
    "answer_create",
    "answer_update",
    "message_deliver",
    "message_mark",
    "message_send",
    "message_settings_set",
    "protocol_create",
    "template_create",
]
