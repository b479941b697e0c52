"""The legal sources the rules cite, written once so that every message names them the same way."""

from __future__ import annotations

OGI = "《中华人民共和国政府信息公开条例》"
ART15, ART21, ART24 = f"{OGI}第十五条", f"{OGI}第二十一条", f"{OGI}第二十四条"
ART26, ART33 = f"{OGI}第二十六条", f"{OGI}第三十三条"
DOC51 = "《国务院办公厅关于运用大数据加强对市场主体服务和监管的若干意见》（国办发〔2015〕51号）"
DOC54 = "《国务院办公厅关于全面推进基层政务公开标准化规范化工作的指导意见》（国办发〔2019〕54号）"
YU5 = "《河南省人民政府办公厅关于全面推进基层政务公开标准化规范化工作的通知》（豫政办〔2020〕5号）"
PIPL28 = "《中华人民共和国个人信息保护法》第二十八条"
VILLAGE_LAW30 = "《中华人民共和国村民委员会组织法》第三十条"
SEED_9 = "市级实施方案二（九）"
REGISTRY = "法规登记表（src/zwgk_cli/data/laws.yaml 和 zwgk.yaml 的「法规」）"
