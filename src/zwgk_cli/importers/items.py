"""One row → one item: each mapped cell read as the element its column names."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..models import ItemId
from ..vocab import Scope
from . import cells
from .places import Places
from .report import ImportReport
from .table import NAME_ROLES, Column, Row, Table
from .text import join_lines, join_wraps
from .vocabulary import RAW_SUFFIX, Vocabulary

PROSE = ("公开内容", "公开时限", "备注")
TICKS = ("全社会", "特定群体", "主动", "依申请")
_EXEMPTION = re.compile(r"^(ZW\d{3})[:：]\s*(.+)$")
_ITEM_ID = re.compile(ItemId.__metadata__[0].pattern)  # type: ignore[attr-defined]
_URL = re.compile(r"^https?://\S+$")


@dataclass
class Reading:
    """What one row says: the item's elements, the cells kept aside, the levels and domain it names."""

    item: dict[str, Any] = field(default_factory=dict)
    other: dict[str, str] = field(default_factory=dict)
    scopes: list[str] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)
    methods: list[str] = field(default_factory=list)
    levels: list[str] = field(default_factory=list)  # labels of levels ticked or named
    unknown_levels: list[str] = field(default_factory=list)
    domain: str | None = None


@dataclass
class RowReader:
    table: Table
    places: Places
    report: ImportReport
    vocab: Vocabulary
    new_channels: list[str]

    def read(self, row: Row) -> Reading:
        reading = Reading()
        for column in self.table.columns:
            value = row.values.get(column.index)
            if value is None:
                continue
            if cells.masked(value.text):
                where = self.table.grid.where(row.index, column.index)
                self.report.look(where, f"{column.header}被遮盖（{value.text}），原样保留")
            self._cell(column, value.text, reading)
        _audience(reading)
        if reading.methods:
            methods = [m for m in ("主动", "依申请") if m in reading.methods]
            reading.item["公开方式"] = methods[0] if len(methods) == 1 else methods
        return reading

    def _cell(self, column: Column, text: str, reading: Reading) -> None:
        role, exact, item = column.role, self.table.grid.exact, reading.item
        if role in NAME_ROLES:
            item[role] = text if exact else join_lines(text)
        elif role in PROSE:
            item[role] = text if exact else self._prose(text)
        elif role == "公开依据":
            item[role], joins = cells.citations(text, exact)
            self._count_joins(joins)
        elif role == "公开主体":
            item[role] = (
                text if exact else "、".join(p.strip("、，, ") for p in text.split("\n") if p.strip())
            )
        elif role == "公开渠道":
            self._channels(column, text, reading)
        elif role in TICKS:
            self._tick(column, text, reading)
        elif role == "层级":
            self._level_tick(column, text, reading)
        elif role == "渠道":
            self._channel_tick(column, text, reading)
        elif role == "领域":
            reading.domain = text
        else:
            self._words(role, column, text, reading)

    def _words(self, role: str, column: Column, text: str, reading: Reading) -> None:
        """Elements written in words in one column: 公开对象, 公开方式, 公开层级, and the optional ones."""
        if role == "公开对象":
            scopes, named = cells.audience(text)
            reading.scopes += scopes
            reading.groups += [named] if named else []
            if not scopes:
                reading.other[column.header] = text
        elif role == "公开方式":
            found = cells.methods(text)
            reading.methods += found
            if not found:
                reading.other[column.header] = text
            elif "、".join(found) != text:
                self.report.normalize("公开方式", text, "、".join(found))
        elif role == "公开层级":
            reading.levels += cells.level_labels(text)
        else:
            _optional(role, column, text, reading)

    def _prose(self, text: str) -> str:
        joined, joins = join_wraps(text)
        self._count_joins(joins)
        return joined

    def _count_joins(self, joins: int) -> None:
        if joins:
            self.report.cleanups["合并折行"] += 1

    def _channels(self, column: Column, text: str, reading: Reading) -> None:
        found = cells.channels(text, self.places.channel, self.vocab, self.table.grid.exact)
        reading.item["公开渠道"] = found.chosen
        for before, after in found.renamed:
            self.report.normalize("公开渠道", before, after)
        for name in found.new:
            if name not in self.new_channels:
                self.new_channels.append(name)
        if found.lossy:
            reading.other[column.role + RAW_SUFFIX] = text

    def _tick(self, column: Column, text: str, reading: Reading) -> None:
        """√ in 全社会/特定群体/主动/依申请; text instead of a tick names the group or is kept aside."""
        role, ticked = column.role, cells.tick(text, self.vocab)
        if self.table.grid.exact and role == "特定群体" and text.strip() not in ("", "√"):
            reading.scopes.append(role)
            reading.groups.append(text.strip())  # zwgk's own workbook: the group's name as written
            return
        if ticked is False:
            return
        if ticked is None and cells.masked(text):
            reading.other[column.header] = text
            return
        (reading.scopes if role in ("全社会", "特定群体") else reading.methods).append(role)
        if ticked:
            return
        if role == "特定群体":
            reading.groups += [named] if (named := cells.group_name(text)) else []
        elif cells.scope_alias(text) != role and role not in cells.methods(text):
            reading.other[column.header] = text
            self.report.normalize(column.header, text, "√")

    def _channel_tick(self, column: Column, text: str, reading: Reading) -> None:
        """A channel checklist laid out as columns: √ under 政府网站; under 其他, the channel written in."""
        ticked = cells.tick(text, self.vocab)
        if ticked is False:
            return
        written = column.label if ticked or column.label not in ("其他", "其它") else text
        found = cells.channels(written, self.places.channel, self.vocab, self.table.grid.exact)
        channels = reading.item.setdefault("公开渠道", [])
        channels += [c for c in found.chosen if c not in channels]
        self.new_channels += [c for c in found.new if c not in self.new_channels]
        if ticked is None and written is column.label:
            reading.other[column.header] = text

    def _level_tick(self, column: Column, text: str, reading: Reading) -> None:
        ticked = cells.tick(text, self.vocab)
        if ticked is False:
            return
        if ticked is None:
            reading.other[column.header] = text
            if cells.masked(text):
                return
            self.report.normalize(column.header, text, "√")
        if self.places.levels(column.label):
            reading.levels.append(column.label)
        else:
            reading.unknown_levels.append(column.label)
            reading.other.setdefault(column.header, text)


def _audience(reading: Reading) -> None:
    scopes, item = reading.scopes, reading.item
    named = reading.groups[0] if reading.groups else None
    group = Scope.GROUP.value in scopes or named is not None
    specific: Any = {Scope.GROUP.value: named} if named else Scope.GROUP.value
    if Scope.PUBLIC.value in scopes:
        item["公开对象"] = [Scope.PUBLIC.value, specific] if group else Scope.PUBLIC.value
    elif group:
        item["公开对象"] = specific


def _optional(role: str, column: Column, text: str, reading: Reading) -> None:
    """五公开, 链接, 编号, 豁免 when they read as such; anything else is kept under its header."""
    value = text.strip()
    found: Any = None
    if role == "五公开":
        found = cells.openness(value)
        found = found[0] if found and len(found) == 1 else found
    elif role == "链接":
        found = value if _URL.match(value) else None
    elif role == "编号":
        found = value if _ITEM_ID.match(value) else None
    elif role == "豁免":
        found = _exemptions(value)
    elif role == "序号":
        return
    if found:
        reading.item[role] = found
    else:
        reading.other[column.label or column.header] = text


def _exemptions(text: str) -> dict[str, str] | None:
    found = {}
    for line in text.split("\n"):
        match = _EXEMPTION.match(line.strip())
        if not match:
            return None
        found[match.group(1)] = match.group(2).strip()
    return found or None
