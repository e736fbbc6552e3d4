"""The board's blocks as HTML in one step: a day of 600 items draws a thousand blocks or more, and
resolving each attribute through the template language costs more than the rest of the page."""
from django import template
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def board_block(block):
    clashes = format_html(' data-clashes="{}"', block.clash_numbers) if block.clashes else ""
    return format_html(
        '<a class="{}" href="{}" data-entry="{}" data-left="{}" data-width="{}" data-row="{}" data-start="{}" '
        'data-end="{}"{} style="{}" title="{}"><span class="time">{}</span> {}</a>',
        block.css, block.admin_url, block.key, f"{block.left:.3f}", f"{block.width:.3f}", block.row, block.start_label, block.end_label,
        clashes, block.style, block.hover, block.start_label, block.title,
    )
