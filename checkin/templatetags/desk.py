"""The desk pages' words, from gettext (checkin/locale), in the page's two languages."""
from django import template
from django.utils.html import format_html

from checkin.domain.messages import page_word

register = template.Library()


@register.simple_tag
def word(key, language, **values):
    """One word of the desk's pages in one language (escaped by the template)."""
    return page_word(key, language, **values)


@register.simple_tag
def both(key, **values):
    """The Chinese and the English of a word side by side, each marked with its language."""
    return format_html('<span lang="zh-Hans">{}</span> <span lang="en">{}</span>',
                       page_word(key, "zh-hans", **values), page_word(key, "en", **values))
