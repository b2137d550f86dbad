"""The demo hotel's procedures: message templates and scripts in the five languages, the
knowledge base, confirmations sent on booking (lodging.extensions.demo_steps)."""

from __future__ import annotations

from . import services
from .demo_answers import ANSWERS
from .demo_templates import PROTOCOLS, TEMPLATES


def load_procedures(establishment, rng, root, today, stdout) -> None:
    for kind, languages in TEMPLATES.items():
        for language, (subject, body) in languages.items():
            services.template_create(
                establishment=establishment,
                actor=root,
                kind=kind,
                language=language,
                subject=subject,
                body=body,
            )
    for (channel, kind), languages in PROTOCOLS.items():
        for language, (title, body) in languages.items():
            services.protocol_create(
                establishment=establishment,
                actor=root,
                channel=channel,
                kind=kind,
                language=language,
                title=title,
                body=body,
            )
    for entry in ANSWERS:
        for language, (topic, answer, keywords) in entry.items():
            services.answer_create(
                establishment=establishment,
                actor=root,
                language=language,
                topic=topic,
                answer=answer,
                keywords=keywords,
            )
    count = sum(len(v) for v in TEMPLATES.values())
    stdout.write(f"Procedures: {count} message templates, {len(ANSWERS) * 5} answers.\n")
