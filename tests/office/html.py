"""Elements of a rendered page, found by attribute (the standard library's HTML parser)."""
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Element:
    def __init__(self, tag, attrs):
        self.tag, self.attrs, self.parts, self.children = tag, dict(attrs), [], []

    @property
    def text(self) -> str:
        return " ".join("".join(self.parts).split())

    @property
    def classes(self) -> set:
        return set((self.attrs.get("class") or "").split())

    def __getitem__(self, name):
        return self.attrs[name]

    def get(self, name, default=None):
        return self.attrs.get(name, default)


class _Parser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.all, self.open = [], []

    def handle_starttag(self, tag, attrs):
        element = Element(tag, attrs)
        self.all.append(element)
        if self.open:
            self.open[-1].children.append(element)
        if tag not in VOID:
            self.open.append(element)

    def handle_endtag(self, tag):
        for index in range(len(self.open) - 1, -1, -1):
            if self.open[index].tag == tag:
                del self.open[index:]
                break

    def handle_data(self, data):
        for element in self.open:
            element.parts.append(data)


def elements(html: str, **wanted) -> list[Element]:
    """Elements whose attributes have the given values (class_="block" matches one class; True: present)."""
    parser = _Parser()
    parser.feed(html)
    found = []
    for element in parser.all:
        ok = True
        for name, value in wanted.items():
            name = name.rstrip("_").replace("_", "-")
            if name == "class":
                ok = value in element.classes
            elif value is True:
                ok = name in element.attrs
            else:
                ok = element.attrs.get(name) == value
            if not ok:
                break
        if ok:
            found.append(element)
    return found


def one(html: str, **wanted) -> Element:
    (element,) = elements(html, **wanted)
    return element
