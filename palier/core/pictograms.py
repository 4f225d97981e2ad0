"""Inline SVG pictograms (24×24, stroke-based, drawn for Palier). Paths only; the template tag
wraps them in an <svg> with the right accessibility attributes."""

_S = '<g fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">{}</g>'

PICTOGRAMS = {
    "home": _S.format('<path d="M3 11 12 3l9 8"/><path d="M5 10v10h5v-6h4v6h5V10"/>'),
    "euro": _S.format('<path d="M17 6.5A7 7 0 1 0 17 17.5"/><path d="M4 10h9M4 14h9"/>'),
    "wrench": _S.format('<path d="M14.7 6.3a4 4 0 0 0 5 5L14 17l-4 4-3-3 4-4 5.7-5.7a4 4 0 0 1-5-5z"/>'),
    "person": _S.format('<circle cx="12" cy="8" r="4"/><path d="M4 21c0-4 4-6 8-6s8 2 8 6"/>'),
    "phone": _S.format('<path d="M5 3h4l2 5-3 2a11 11 0 0 0 6 6l2-3 5 2v4a2 2 0 0 1-2 2A17 17 0 0 1 3 5a2 2 0 0 1 2-2z"/>'),
    "clock": _S.format('<circle cx="12" cy="12" r="9"/><path d="M12 7v5l3 3"/>'),
    "pin": _S.format('<path d="M12 21s7-6 7-12a7 7 0 0 0-14 0c0 6 7 12 7 12z"/><circle cx="12" cy="9" r="2.5"/>'),
    "news": _S.format('<rect x="3" y="4" width="18" height="16" rx="2"/><path d="M7 8h10M7 12h10M7 16h6"/>'),
    "help": _S.format('<circle cx="12" cy="12" r="9"/><path d="M9.5 9a2.5 2.5 0 1 1 3.5 2.3c-.6.3-1 .9-1 1.7v.5"/><path d="M12 17h.01"/>'),
    "info": _S.format('<circle cx="12" cy="12" r="9"/><path d="M12 11v6M12 7h.01"/>'),
    "warning": _S.format('<path d="M12 3 2 20h20z"/><path d="M12 10v4M12 17h.01"/>'),
    "key": _S.format('<circle cx="8" cy="15" r="4"/><path d="m11 12 9-9M17 6l3 3M15 8l2 2"/>'),
    "door": _S.format('<path d="M6 21V4h12v17"/><path d="M3 21h18M14 12h.01"/>'),
    "search": _S.format('<circle cx="11" cy="11" r="7"/><path d="m20 20-4-4"/>'),
    "building": _S.format('<rect x="5" y="3" width="14" height="18"/><path d="M9 7h2M13 7h2M9 11h2M13 11h2M9 15h2M13 15h2"/>'),
    "language": _S.format('<circle cx="12" cy="12" r="9"/><path d="M3 12h18M12 3c3 3 3 15 0 18M12 3c-3 3-3 15 0 18"/>'),
    "logout": _S.format('<path d="M9 21H4V3h5"/><path d="m16 17 5-5-5-5M21 12H9"/>'),
    "mail": _S.format('<rect x="3" y="5" width="18" height="14" rx="2"/><path d="m3 7 9 6 9-6"/>'),
    "speaker": _S.format('<path d="M4 9h4l5-4v14l-5-4H4z"/><path d="M16 9a4 4 0 0 1 0 6M19 6a8 8 0 0 1 0 12"/>'),
    "check": _S.format('<path d="m4 12 5 5L20 6"/>'),
    "emergency": _S.format('<circle cx="12" cy="12" r="9"/><path d="M12 7v10M7 12h10"/>'),
}
