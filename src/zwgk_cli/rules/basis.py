"""依据 rules: the replaced 2007 条例, repealed laws, misspelled titles and numbers, text that cites nothing."""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Diagnostic, Severity
from .laws import OGI_TITLE, BasisFacts, Law, LawRegistry
from .registry import Cited, ItemFacts, define, item_check
from .sources import DOC54, OGI, REGISTRY

E, W = Severity.ERROR, Severity.WARNING
OGI_2007 = "国务院令第492号"

OLD_OGI = define(
    "ZW406",
    E,
    "引用了2007年的政府信息公开条例",
    "引用的是2007年的《中华人民共和国政府信息公开条例》（国务院令第492号），它已于2019年5月15日被修订后的条例取代",
    "改引《中华人民共和国政府信息公开条例》（国务院令第711号），并核对条款号：修订后条款顺序变了，"
    "如主动公开的期限在第二十六条，依申请的答复期限在第三十三条",
    basis=f"{OGI}（国务院令第711号）",
    group="依据",
    explain="2019年4月3日修订的条例（国务院令第711号）自2019年5月15日起施行，取代了2007年的条例"
    "（国务院令第492号）。引用时写了第492号令或注明2007年的，报告为错误；两版的条款号不同，照抄旧目录的"
    "条款号也要一并核对。",
)
REPEALED = define(
    "ZW407",
    E,
    "引用了已失效的法规",
    "《{title}》{status}",
    "{hint}",
    basis=REGISTRY,
    group="依据",
    explain="法规登记表中标为「已废止」或「已被取代」的法律、法规和文件被引用时报告，并给出应当改引的现行法规，"
    "例如《城市房屋拆迁管理条例》（已被《国有土地上房屋征收与补偿条例》取代）、《中华人民共和国物权法》"
    "等民法典施行后废止的法律。",
)
MISSPELLED = define(
    "ZW408",
    W,
    "法规名称疑似写错",
    "《{title}》不在法规登记表中，与《{near}》只差一两个字",
    "改为《{near}》；如果确实是另一部法规或文件，把它加到 zwgk.yaml 的「法规」里",
    basis=REGISTRY,
    group="依据",
    explain="书名号里的名称不在法规登记表中，但与登记表中唯一一部法规的名称只差一两个字（按去掉「中华人民共和国」"
    "后的长度：6 到 11 个字差一个字，12 个字以上差两个字）时报告。登记表没有收录、也不接近任何登记名称的，"
    "不报告：无法判断的不算错。",
)
WRONG_NUMBER = define(
    "ZW409",
    W,
    "文号与法规对不上",
    "《{title}》的文号写的是「{number}」，{detail}",
    "核对文号；登记表有误或文件另有文号的，在 zwgk.yaml 的「法规」里写明",
    basis=REGISTRY,
    group="依据",
    explain="写了文号或令号，而登记表中该法规登记了文号、写的却不是其中之一时报告（常见的是把另一部法规的令号"
    "抄了过来，或数字写错）。登记表中没有登记文号的法规不核对文号。",
)
NOT_A_CITATION = define(
    "ZW410",
    W,
    "公开依据不是引用",
    "公开依据「{text}」没有引用具体的法律法规或文件",
    "{hint}",
    basis=DOC54,
    group="依据",
    explain="每条公开依据应当是一部法律、法规或文件的引用：书名号《》里的名称，可加文号或令号和条款号。"
    "「相关法律法规」「国家有关规定」这类写法无法核对，名称漏了书名号或书名号不配对的，也在此报告。",
)


# One finding of the 依据 rules: (code, which 公开依据 entry, the message's values).
Finding = tuple[str, int, dict[str, object]]


@item_check
def basis_rules(facts: ItemFacts) -> list[Diagnostic]:
    """ZW406–ZW410; most lists of 公开依据 cite only laws in force, and are passed over at once.
    What the rules find depends on the list alone: it is worked out once, kept with the list's facts."""
    basis = facts.basis
    if not basis.suspect:
        return []
    found: tuple[Finding, ...] | None = basis.memo.get(_FOUND)
    if found is None:
        found = basis.memo[_FOUND] = tuple(_findings(basis, facts.project.laws))
    return [facts.make(code, "公开依据", n, **values) for code, n, values in found]


_FOUND = "basis_rules"


def _findings(basis: BasisFacts, laws: LawRegistry) -> Iterator[Finding]:
    yield from old_ogi(basis)
    yield from repealed(basis)
    yield from misspelled(basis)
    yield from wrong_number(basis)
    yield from not_a_citation(basis, laws)


def _is_2007_ogi(cited: Cited) -> bool:
    law, citation = cited.lookup.law, cited.citation
    named = law is not None and law.title == OGI_TITLE
    return named and (citation.number_key == OGI_2007 or "2007" in citation.note)


def old_ogi(basis: BasisFacts) -> Iterator[Finding]:
    for cited in basis.cited:
        if _is_2007_ogi(cited):
            yield OLD_OGI, cited.index, {}


def repealed(basis: BasisFacts) -> Iterator[Finding]:
    for cited in basis.cited:
        law = cited.lookup.law
        if law is not None and not law.in_force and not _is_2007_ogi(cited):
            values = {"title": cited.citation.title, "status": _status(law), "hint": _hint(law)}
            yield REPEALED, cited.index, values


def _status(law: Law) -> str:
    verb = "废止" if law.status == "已废止" else "被取代"
    return f"已于{law.ended}{verb}" if law.ended else law.status


def _hint(law: Law) -> str:
    if law.replaced_by:
        return f"改引{law.replaced_by}，并核对条款号"
    return "删去这条依据，或改引现行有效的法规"


def misspelled(basis: BasisFacts) -> Iterator[Finding]:
    for cited in basis.cited:
        near = cited.lookup.near
        if cited.lookup.law is None and near is not None:
            yield MISSPELLED, cited.index, {"title": cited.citation.title, "near": near.title}


def wrong_number(basis: BasisFacts) -> Iterator[Finding]:
    for cited in basis.cited:
        lookup = cited.lookup
        if not lookup.number_mismatch or lookup.law is None:
            continue
        owner = lookup.number_owner
        detail = f"这是《{owner.title}》的文号" if owner else f"登记的文号是「{lookup.law.shown_numbers}」"
        values = {"title": cited.citation.title, "number": cited.citation.number, "detail": detail}
        yield WRONG_NUMBER, cited.index, values


def not_a_citation(basis: BasisFacts, laws: LawRegistry) -> Iterator[Finding]:
    for n, entry in enumerate(basis.bases):
        if not entry.citations:
            yield NOT_A_CITATION, n, {"text": entry.text, "hint": _citation_hint(laws, entry.text)}


def _citation_hint(laws: LawRegistry, text: str) -> str:
    if "《" in text or "》" in text:
        return "书名号《》没有配对：名称写在一对书名号里"
    named = laws.named_in(text)
    if named is not None:
        return f"给法规名称加上书名号：《{named.title}》，条款号写在书名号后面"
    return "写明具体的法律法规或文件，如「《中华人民共和国政府信息公开条例》第二十条」"
