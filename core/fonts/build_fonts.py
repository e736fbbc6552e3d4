"""Rebuild the committed font files in this folder from Debian's font packages.

Not run at build or test time: the output is committed. Re-run after upgrading
the source packages:

    apt-get install -y fonts-noto-core fonts-wqy-microhei fonts-hanazono
    python core/fonts/build_fonts.py

reportlab needs static TrueType (glyf) outlines, so every file here is one.
"""
import shutil
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont

HERE = Path(__file__).resolve().parent
NOTO = Path("/usr/share/fonts/truetype/noto")
WQY = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
HANAZONO = Path("/usr/share/fonts/truetype/hanazono")

NOTO_FAMILIES = [
    "NotoSans", "NotoSansArabic", "NotoSansHebrew", "NotoSansDevanagari",
    "NotoSansTamil", "NotoSansThai", "NotoSansKhmer", "NotoSansEthiopic",
    "NotoSansGeorgian", "NotoSansArmenian",
]

# Supplementary-plane ideographs that are in real use in names: everything that
# Hong Kong's HKSCS-2004 or Japan's JIS X 0213 encodes, plus a few well-known
# name characters that neither has. All of CJK Extension B would be 22 MB.
EXTRA_EXT_B = "\U00020BB7"  # 𠮷 (the "tsuchi-yoshi" of 吉野家 and family names)


def _subset(src, unicodes, dst, family):
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.hinting = False
    options.drop_tables += ["FFTM"]
    font = TTFont(src, recalcTimestamp=False)  # reproducible output
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=unicodes)
    subsetter.subset(font)
    # A subset is a Modified Version under the OFL, which may not use the
    # upstream's Reserved Font Names ("HanaMinA", "HanaMinB", ...): rename it.
    name = font["name"]
    ps_name = family.replace(" ", "")
    for record in list(name.names):
        if record.nameID in (1, 3, 4, 6, 16, 17, 18, 21, 22):
            name.removeNames(nameID=record.nameID)
    name.setName(family, 1, 3, 1, 0x409)
    name.setName("Regular", 2, 3, 1, 0x409)
    name.setName(f"{ps_name}-Regular; {font['head'].fontRevision:.3f}", 3, 3, 1, 0x409)
    name.setName(family, 4, 3, 1, 0x409)
    name.setName(f"{ps_name}-Regular", 6, 3, 1, 0x409)
    font.save(dst)


def main():
    for family in NOTO_FAMILIES:
        for weight in ("Regular", "Bold"):
            shutil.copyfile(NOTO / f"{family}-{weight}.ttf", HERE / f"{family}-{weight}.ttf")

    # Face 0 of the collection is the proportional "WenQuanYi Micro Hei".
    TTCollection(str(WQY), recalcTimestamp=False).fonts[0].save(str(HERE / "WenQuanYiMicroHei.ttf"))
    wqy = TTFont(str(HERE / "WenQuanYiMicroHei.ttf"), lazy=True).getBestCmap()

    # Hanazono Mincho A (OFL-1.1): the BMP ideographs WenQuanYi lacks (mostly Extension A).
    src_a = HANAZONO / "HanaMinA.ttf"
    cmap_a = TTFont(str(src_a), lazy=True).getBestCmap()
    bmp_han = [*range(0x3400, 0x4DC0), *range(0x4E00, 0xA000), *range(0xF900, 0xFB00)]
    _subset(str(src_a), [c for c in bmp_han if c in cmap_a and c not in wqy],
            str(HERE / "LiaisonHanExtA.ttf"), "Liaison Han Ext A")

    # Hanazono Mincho B: the supplementary-plane ideographs used in names.
    ext_b = {ord(c) for c in EXTRA_EXT_B}
    for cp in range(0x20000, 0x2FA20):
        for codec in ("big5hkscs", "shift_jis_2004"):
            try:
                chr(cp).encode(codec)
            except UnicodeEncodeError:
                continue
            ext_b.add(cp)
            break
    _subset(str(HANAZONO / "HanaMinB.ttf"), sorted(ext_b), str(HERE / "LiaisonHanExtB.ttf"),
            "Liaison Han Ext B")


if __name__ == "__main__":
    main()
