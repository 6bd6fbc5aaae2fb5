"""Document extraction: the quality gates on the shared dev set (through the same code path as
``iegraph eval``) and the generalisation check on sentences written for this project (varied
organisations, both scripts, English) — none of them appears in the dev set.

Unit tests: the real ontology, the real spaCy/jieba pipeline; no store, no model download.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from iegraph.ingest.documents import extract_text, get_extractor
from iegraph.ingest.evaluate import evaluate_file, score

DEV = Path(__file__).resolve().parents[2].parent / "shared" / "eval" / "extract_dev.jsonl"

# (text, entities [text, label], relations [head, type, tail]) — our own sentences about
# organisations of ../shared/data/facts, annotated by GUIDELINES.md
OWN: list[tuple[str, list[list[str]], list[list[str]]]] = [
    (
        "广州医科大学与广州金域医学检验集团股份有限公司合作共建广州医科大学金域检验学院，面向医学检验产业。",
        [
            ["广州医科大学", "Institution"],
            ["广州金域医学检验集团股份有限公司", "Enterprise"],
            ["广州医科大学金域检验学院", "Platform"],
            ["医学检验", "Industry"],
        ],
        [
            ["广州医科大学", "BUILDS", "广州医科大学金域检验学院"],
            ["广州金域医学检验集团股份有限公司", "BUILDS", "广州医科大学金域检验学院"],
            ["广州医科大学金域检验学院", "FOCUSES_ON", "医学检验"],
        ],
    ),
    (
        "深圳大学与腾讯云计算（北京）有限责任公司签署战略合作协议。",
        [["深圳大学", "Institution"], ["腾讯云计算（北京）有限责任公司", "Enterprise"]],
        [["深圳大学", "COOPERATES_WITH", "腾讯云计算（北京）有限责任公司"]],
    ),
    (
        "長春汽車職業技術大學與中國第一汽車集團有限公司共建數智化高技能人才培養基地。",
        [
            ["長春汽車職業技術大學", "Institution"],
            ["中國第一汽車集團有限公司", "Enterprise"],
            ["數智化高技能人才培養基地", "Platform"],
        ],
        [
            ["長春汽車職業技術大學", "BUILDS", "數智化高技能人才培養基地"],
            ["中國第一汽車集團有限公司", "BUILDS", "數智化高技能人才培養基地"],
        ],
    ),
    (
        "宁波职业技术学院尚未与怡亚通供应链股份有限公司签约。",
        [["宁波职业技术学院", "Institution"], ["怡亚通供应链股份有限公司", "Enterprise"]],
        [],
    ),
    (
        "TCL科技集团股份有限公司担任全国工业互联网行业产教融合共同体理事长单位。",
        [
            ["TCL科技集团股份有限公司", "Enterprise"],
            ["全国工业互联网行业产教融合共同体", "Platform"],
        ],
        [["TCL科技集团股份有限公司", "LEADS", "全国工业互联网行业产教融合共同体"]],
    ),
    (
        "南京邮电大学和河海大学均为全国工业互联网行业产教融合共同体副理事长单位。",
        [
            ["南京邮电大学", "Institution"],
            ["河海大学", "Institution"],
            ["全国工业互联网行业产教融合共同体", "Platform"],
        ],
        [
            ["南京邮电大学", "MEMBER_OF", "全国工业互联网行业产教融合共同体"],
            ["河海大学", "MEMBER_OF", "全国工业互联网行业产教融合共同体"],
        ],
    ),
    (
        "廣東輕工職業技術學院與瀚藍環境股份有限公司共同牽頭組建佛山市產教聯合體。",
        [
            ["廣東輕工職業技術學院", "Institution"],
            ["瀚藍環境股份有限公司", "Enterprise"],
            ["佛山市產教聯合體", "Platform"],
        ],
        [
            ["廣東輕工職業技術學院", "LEADS", "佛山市產教聯合體"],
            ["瀚藍環境股份有限公司", "LEADS", "佛山市產教聯合體"],
        ],
    ),
    (
        "贵州航天职业技术学院位于遵义市。",
        [["贵州航天职业技术学院", "Institution"], ["遵义市", "Place"]],
        [["贵州航天职业技术学院", "LOCATED_IN", "遵义市"]],
    ),
    (
        "工业和信息化部人才交流中心指导全国工业互联网行业产教融合共同体建设。",
        [
            ["工业和信息化部人才交流中心", "Government"],
            ["全国工业互联网行业产教融合共同体", "Platform"],
        ],
        [["工业和信息化部人才交流中心", "SUPPORTS", "全国工业互联网行业产教融合共同体"]],
    ),
    (
        "山东省人民政府办公厅印发《山东省产教融合型企业建设培育实施方案》。",
        [
            ["山东省人民政府办公厅", "Government"],
            ["山东省产教融合型企业建设培育实施方案", "Policy"],
        ],
        [["山东省产教融合型企业建设培育实施方案", "ISSUED_BY", "山东省人民政府办公厅"]],
    ),
    (
        "《济南市产教融合型企业认定办法》根据《建设产教融合型企业实施办法（试行）》制定。",
        [
            ["济南市产教融合型企业认定办法", "Policy"],
            ["建设产教融合型企业实施办法（试行）", "Policy"],
        ],
        [["济南市产教融合型企业认定办法", "CITES", "建设产教融合型企业实施办法（试行）"]],
    ),
    (
        "教育部确定深圳市域产教联合体为首批国家市域产教联合体。",
        [["教育部", "Government"], ["深圳市域产教联合体", "Platform"]],
        [["教育部", "DESIGNATES", "深圳市域产教联合体"]],
    ),
    (
        "常熟理工学院、苏州工业园区管委会与华为技术有限公司签署三方协议。",
        [
            ["常熟理工学院", "Institution"],
            ["苏州工业园区管委会", "Government"],
            ["华为技术有限公司", "Enterprise"],
        ],
        [
            ["常熟理工学院", "COOPERATES_WITH", "苏州工业园区管委会"],
            ["常熟理工学院", "COOPERATES_WITH", "华为技术有限公司"],
            ["苏州工业园区管委会", "COOPERATES_WITH", "华为技术有限公司"],
        ],
    ),
    (
        "全国航空装备制造与维修行业产教融合共同体在长沙成立，由南京航空航天大学和长沙航空职业技术学院牵头。",
        [
            ["全国航空装备制造与维修行业产教融合共同体", "Platform"],
            ["长沙", "Place"],
            ["南京航空航天大学", "Institution"],
            ["长沙航空职业技术学院", "Institution"],
        ],
        [
            ["全国航空装备制造与维修行业产教融合共同体", "LOCATED_IN", "长沙"],
            ["南京航空航天大学", "LEADS", "全国航空装备制造与维修行业产教融合共同体"],
            ["长沙航空职业技术学院", "LEADS", "全国航空装备制造与维修行业产教融合共同体"],
        ],
    ),
    (
        "贵州省教育厅支持贵州大学建设航空航天关键零部件制造业产教融合共同体。",
        [
            ["贵州省教育厅", "Government"],
            ["贵州大学", "Institution"],
            ["航空航天关键零部件制造业产教融合共同体", "Platform"],
        ],
        [
            ["贵州省教育厅", "SUPPORTS", "贵州大学"],
            ["贵州大学", "BUILDS", "航空航天关键零部件制造业产教融合共同体"],
        ],
    ),
    (
        "东莞理工学院粤港机器人学院聚焦机器人产业。",
        [["东莞理工学院粤港机器人学院", "Platform"], ["机器人", "Industry"]],
        [["东莞理工学院粤港机器人学院", "FOCUSES_ON", "机器人"]],
    ),
    (
        "山東職業學院作為理事單位加入國家軌道交通裝備行業產教融合共同體。",
        [["山東職業學院", "Institution"], ["國家軌道交通裝備行業產教融合共同體", "Platform"]],
        [["山東職業學院", "MEMBER_OF", "國家軌道交通裝備行業產教融合共同體"]],
    ),
    (
        "安徽信息工程学院与科大讯飞股份有限公司合作举办智能语音订单班。",
        [
            ["安徽信息工程学院", "Institution"],
            ["科大讯飞股份有限公司", "Enterprise"],
            ["智能语音订单班", "Platform"],
        ],
        [
            ["安徽信息工程学院", "BUILDS", "智能语音订单班"],
            ["科大讯飞股份有限公司", "BUILDS", "智能语音订单班"],
        ],
    ),
    (
        "合肥市人民政府发布《合肥市深化产教融合实施方案》，支持集成电路产业发展。",
        [
            ["合肥市人民政府", "Government"],
            ["合肥市深化产教融合实施方案", "Policy"],
            ["集成电路", "Industry"],
        ],
        [
            ["合肥市深化产教融合实施方案", "ISSUED_BY", "合肥市人民政府"],
            ["合肥市人民政府", "SUPPORTS", "集成电路"],
        ],
    ),
    (
        "Nanjing University of Posts and Telecommunications joined the National Industrial Internet Industry-Education Community.",
        [
            ["Nanjing University of Posts and Telecommunications", "Institution"],
            ["National Industrial Internet Industry-Education Community", "Platform"],
        ],
        [
            [
                "Nanjing University of Posts and Telecommunications",
                "MEMBER_OF",
                "National Industrial Internet Industry-Education Community",
            ]
        ],
    ),
    (
        "Changsha Aeronautical Vocational and Technical College is located in Changsha.",
        [["Changsha Aeronautical Vocational and Technical College", "Institution"]],
        [],
    ),
    (
        "Shenzhen University and Tencent Cloud Co., Ltd. co-build the Tencent Cloud Artificial Intelligence College.",
        [
            ["Shenzhen University", "Institution"],
            ["Tencent Cloud Co., Ltd.", "Enterprise"],
            ["Tencent Cloud Artificial Intelligence College", "Platform"],
        ],
        [
            ["Shenzhen University", "BUILDS", "Tencent Cloud Artificial Intelligence College"],
            ["Tencent Cloud Co., Ltd.", "BUILDS", "Tencent Cloud Artificial Intelligence College"],
        ],
    ),
    (
        "中國一汽與長春汽車職業技術大學簽約，共建智能製造產業學院。",
        [
            ["中國一汽", "Enterprise"],
            ["長春汽車職業技術大學", "Institution"],
            ["智能製造產業學院", "Platform"],
        ],
        [
            ["中國一汽", "COOPERATES_WITH", "長春汽車職業技術大學"],
            ["中國一汽", "BUILDS", "智能製造產業學院"],
            ["長春汽車職業技術大學", "BUILDS", "智能製造產業學院"],
        ],
    ),
    (
        "鞍钢集团有限公司入选国家发展改革委办公厅公布的产教融合型企业名单。",
        [["鞍钢集团有限公司", "Enterprise"], ["国家发展改革委办公厅", "Government"]],
        [["国家发展改革委办公厅", "DESIGNATES", "鞍钢集团有限公司"]],
    ),
    (
        "吴中经济开发区管委会与苏州工学院共建吴中产业学院。",
        [
            ["吴中经济开发区管委会", "Government"],
            ["苏州工学院", "Institution"],
            ["吴中产业学院", "Platform"],
        ],
        [
            ["吴中经济开发区管委会", "BUILDS", "吴中产业学院"],
            ["苏州工学院", "BUILDS", "吴中产业学院"],
        ],
    ),
    (
        "青海交通职业技术学院是全国工业互联网行业产教融合共同体成员单位。",
        [["青海交通职业技术学院", "Institution"], ["全国工业互联网行业产教融合共同体", "Platform"]],
        [["青海交通职业技术学院", "MEMBER_OF", "全国工业互联网行业产教融合共同体"]],
    ),
    (
        "苏州工学院与苏州市吴中区人民政府签订战略合作框架协议。",
        [["苏州工学院", "Institution"], ["苏州市吴中区人民政府", "Government"]],
        [["苏州工学院", "COOPERATES_WITH", "苏州市吴中区人民政府"]],
    ),
    (
        "浙江省教育厅认定宁波职业技术学院数智供应链运营实训中心为省级实训基地。",
        [["浙江省教育厅", "Government"], ["宁波职业技术学院数智供应链运营实训中心", "Platform"]],
        [["浙江省教育厅", "DESIGNATES", "宁波职业技术学院数智供应链运营实训中心"]],
    ),
    (
        "佛山高新技术产业开发区管委会牵头成立佛山市“两高四新”产教联合体。",
        [
            ["佛山高新技术产业开发区管委会", "Government"],
            ["佛山市“两高四新”产教联合体", "Platform"],
        ],
        [["佛山高新技术产业开发区管委会", "LEADS", "佛山市“两高四新”产教联合体"]],
    ),
    (
        "歌尔股份有限公司与潍坊职业学院共建声学器件产业学院，服务电子器件产业。",
        [
            ["歌尔股份有限公司", "Enterprise"],
            ["潍坊职业学院", "Institution"],
            ["声学器件产业学院", "Platform"],
            ["电子器件", "Industry"],
        ],
        [
            ["歌尔股份有限公司", "BUILDS", "声学器件产业学院"],
            ["潍坊职业学院", "BUILDS", "声学器件产业学院"],
            ["声学器件产业学院", "FOCUSES_ON", "电子器件"],
        ],
    ),
    (
        "國家發展改革委辦公廳、教育部辦公廳聯合印發《關於印發產教融合型企業和產教融合試點城市名單的通知》。",
        [
            ["國家發展改革委辦公廳", "Government"],
            ["教育部辦公廳", "Government"],
            ["關於印發產教融合型企業和產教融合試點城市名單的通知", "Policy"],
        ],
        [
            [
                "關於印發產教融合型企業和產教融合試點城市名單的通知",
                "ISSUED_BY",
                "國家發展改革委辦公廳",
            ],
            ["關於印發產教融合型企業和產教融合試點城市名單的通知", "ISSUED_BY", "教育部辦公廳"],
        ],
    ),
    (
        "东软集团股份有限公司位于沈阳市。",
        [["东软集团股份有限公司", "Enterprise"], ["沈阳市", "Place"]],
        [["东软集团股份有限公司", "LOCATED_IN", "沈阳市"]],
    ),
    (
        "长春职业技术大学与中国第一汽车集团有限公司尚未签署合作协议。",
        [["长春职业技术大学", "Institution"], ["中国第一汽车集团有限公司", "Enterprise"]],
        [],
    ),
    (
        "教育部支持国家轨道交通装备行业产教融合共同体建设。",
        [["教育部", "Government"], ["国家轨道交通装备行业产教融合共同体", "Platform"]],
        [["教育部", "SUPPORTS", "国家轨道交通装备行业产教融合共同体"]],
    ),
    (
        "贵州航天精工制造有限公司、贵州大学和贵州航天职业技术学院共同发起成立航空航天关键零部件制造业产教融合共同体。",
        [
            ["贵州航天精工制造有限公司", "Enterprise"],
            ["贵州大学", "Institution"],
            ["贵州航天职业技术学院", "Institution"],
            ["航空航天关键零部件制造业产教融合共同体", "Platform"],
        ],
        [
            ["贵州航天精工制造有限公司", "LEADS", "航空航天关键零部件制造业产教融合共同体"],
            ["贵州大学", "LEADS", "航空航天关键零部件制造业产教融合共同体"],
            ["贵州航天职业技术学院", "LEADS", "航空航天关键零部件制造业产教融合共同体"],
        ],
    ),
    (
        "深圳職業技術大學牽頭組建的深圳市域產教聯合體設在深圳市高新技術產業園區。",
        [
            ["深圳職業技術大學", "Institution"],
            ["深圳市域產教聯合體", "Platform"],
            ["深圳市高新技術產業園區", "Platform"],
        ],
        [["深圳職業技術大學", "LEADS", "深圳市域產教聯合體"]],
    ),
    (
        "按照《国家职业教育改革实施方案》，山东省教育厅印发《山东省职业教育产教融合实施意见》。",
        [
            ["国家职业教育改革实施方案", "Policy"],
            ["山东省教育厅", "Government"],
            ["山东省职业教育产教融合实施意见", "Policy"],
        ],
        [["山东省职业教育产教融合实施意见", "ISSUED_BY", "山东省教育厅"]],
    ),
    (
        "The Ministry of Education supports the National Rail Transit Equipment Industry-Education Community.",
        [
            ["Ministry of Education", "Government"],
            ["National Rail Transit Equipment Industry-Education Community", "Platform"],
        ],
        [
            [
                "Ministry of Education",
                "SUPPORTS",
                "National Rail Transit Equipment Industry-Education Community",
            ]
        ],
    ),
    (
        "Hefei University of Technology signed an agreement with iFLYTEK Co., Ltd.",
        [["Hefei University of Technology", "Institution"], ["iFLYTEK Co., Ltd.", "Enterprise"]],
        [["Hefei University of Technology", "COOPERATES_WITH", "iFLYTEK Co., Ltd."]],
    ),
    (
        "河海大学加入全国工业互联网行业产教融合共同体，成为副理事长单位。",
        [["河海大学", "Institution"], ["全国工业互联网行业产教融合共同体", "Platform"]],
        [["河海大学", "MEMBER_OF", "全国工业互联网行业产教融合共同体"]],
    ),
    (
        "鞍山市人民政府与鞍钢集团有限公司携手共建鞍山钢铁产业学院。",
        [
            ["鞍山市人民政府", "Government"],
            ["鞍钢集团有限公司", "Enterprise"],
            ["鞍山钢铁产业学院", "Platform"],
        ],
        [
            ["鞍山市人民政府", "BUILDS", "鞍山钢铁产业学院"],
            ["鞍钢集团有限公司", "BUILDS", "鞍山钢铁产业学院"],
        ],
    ),
    (
        "南昌职业大学与TCL科技集团股份有限公司签约，双方将共建智能制造订单班。",
        [
            ["南昌职业大学", "Institution"],
            ["TCL科技集团股份有限公司", "Enterprise"],
            ["智能制造订单班", "Platform"],
        ],
        [
            ["南昌职业大学", "COOPERATES_WITH", "TCL科技集团股份有限公司"],
            ["南昌职业大学", "BUILDS", "智能制造订单班"],
            ["TCL科技集团股份有限公司", "BUILDS", "智能制造订单班"],
        ],
    ),
    (
        "吉林省教育厅资助长春汽车职业技术大学建设汽车产业学院。",
        [
            ["吉林省教育厅", "Government"],
            ["长春汽车职业技术大学", "Institution"],
            ["汽车产业学院", "Platform"],
        ],
        [
            ["吉林省教育厅", "SUPPORTS", "长春汽车职业技术大学"],
            ["长春汽车职业技术大学", "BUILDS", "汽车产业学院"],
        ],
    ),
    (
        "浙江工业大学与杭州海康威视数字技术股份有限公司揭牌成立智能视觉联合实验室。",
        [
            ["浙江工业大学", "Institution"],
            ["杭州海康威视数字技术股份有限公司", "Enterprise"],
            ["智能视觉联合实验室", "Platform"],
        ],
        [
            ["浙江工业大学", "BUILDS", "智能视觉联合实验室"],
            ["杭州海康威视数字技术股份有限公司", "BUILDS", "智能视觉联合实验室"],
        ],
    ),
    (
        "根据《国家产教融合建设试点实施方案》，山东省发展和改革委员会印发《山东省产教融合型城市建设方案》。",
        [
            ["国家产教融合建设试点实施方案", "Policy"],
            ["山东省发展和改革委员会", "Government"],
            ["山东省产教融合型城市建设方案", "Policy"],
        ],
        [["山东省产教融合型城市建设方案", "ISSUED_BY", "山东省发展和改革委员会"]],
    ),
    (
        "常州工学院地处常州市，是常州科教城的重要成员单位。",
        [["常州工学院", "Institution"], ["常州市", "Place"], ["常州科教城", "Platform"]],
        [["常州工学院", "LOCATED_IN", "常州市"], ["常州工学院", "MEMBER_OF", "常州科教城"]],
    ),
    (
        "山东省教育厅将潍坊市确定为省级产教融合试点城市。",
        [["山东省教育厅", "Government"], ["潍坊市", "Place"]],
        [["山东省教育厅", "DESIGNATES", "潍坊市"]],
    ),
    (
        "歌尔股份有限公司与山东职业学院、潍坊学院分别签署校企合作协议。",
        [
            ["歌尔股份有限公司", "Enterprise"],
            ["山东职业学院", "Institution"],
            ["潍坊学院", "Institution"],
        ],
        [
            ["歌尔股份有限公司", "COOPERATES_WITH", "山东职业学院"],
            ["歌尔股份有限公司", "COOPERATES_WITH", "潍坊学院"],
            ["山东职业学院", "COOPERATES_WITH", "潍坊学院"],
        ],
    ),
    (
        "中国移动通信集团江苏有限公司作为副理事长单位加入全国工业互联网行业产教融合共同体。",
        [
            ["中国移动通信集团江苏有限公司", "Enterprise"],
            ["全国工业互联网行业产教融合共同体", "Platform"],
        ],
        [["中国移动通信集团江苏有限公司", "MEMBER_OF", "全国工业互联网行业产教融合共同体"]],
    ),
    (
        "瀚藍環境股份有限公司與廣東輕工職業技術學院共建環保產業學院，服務節能環保產業。",
        [
            ["瀚藍環境股份有限公司", "Enterprise"],
            ["廣東輕工職業技術學院", "Institution"],
            ["環保產業學院", "Platform"],
            ["節能環保", "Industry"],
        ],
        [
            ["瀚藍環境股份有限公司", "BUILDS", "環保產業學院"],
            ["廣東輕工職業技術學院", "BUILDS", "環保產業學院"],
            ["環保產業學院", "FOCUSES_ON", "節能環保"],
        ],
    ),
    (
        "江苏南高智能装备创新中心有限公司位于南京市江宁区。",
        [["江苏南高智能装备创新中心有限公司", "Enterprise"], ["南京市江宁区", "Place"]],
        [["江苏南高智能装备创新中心有限公司", "LOCATED_IN", "南京市江宁区"]],
    ),
    (
        "工业和信息化部教育与考试中心指导航空航天关键零部件制造业产教融合共同体。",
        [
            ["工业和信息化部教育与考试中心", "Government"],
            ["航空航天关键零部件制造业产教融合共同体", "Platform"],
        ],
        [["工业和信息化部教育与考试中心", "SUPPORTS", "航空航天关键零部件制造业产教融合共同体"]],
    ),
    (
        "東軟集團股份有限公司與瀋陽市人民政府簽署戰略合作協議。",
        [["東軟集團股份有限公司", "Enterprise"], ["瀋陽市人民政府", "Government"]],
        [["東軟集團股份有限公司", "COOPERATES_WITH", "瀋陽市人民政府"]],
    ),
    (
        "Changchun Automobile Vocational and Technical University and FAW Group co-build a training base.",
        [
            ["Changchun Automobile Vocational and Technical University", "Institution"],
            ["FAW Group", "Enterprise"],
        ],
        [],
    ),
    (
        "The Ministry of Industry and Information Technology guides the National Industrial Internet Industry-Education Community.",
        [
            ["Ministry of Industry and Information Technology", "Government"],
            ["National Industrial Internet Industry-Education Community", "Platform"],
        ],
        [
            [
                "Ministry of Industry and Information Technology",
                "SUPPORTS",
                "National Industrial Internet Industry-Education Community",
            ]
        ],
    ),
    (
        "青岛职业技术学院与海尔集团公司共建海尔智能制造产业学院。",
        [
            ["青岛职业技术学院", "Institution"],
            ["海尔集团公司", "Enterprise"],
            ["海尔智能制造产业学院", "Platform"],
        ],
        [
            ["青岛职业技术学院", "BUILDS", "海尔智能制造产业学院"],
            ["海尔集团公司", "BUILDS", "海尔智能制造产业学院"],
        ],
    ),
    (
        "重庆市教育委员会印发《重庆市市域产教联合体建设实施方案》。",
        [["重庆市教育委员会", "Government"], ["重庆市市域产教联合体建设实施方案", "Policy"]],
        [["重庆市市域产教联合体建设实施方案", "ISSUED_BY", "重庆市教育委员会"]],
    ),
    (
        "苏州工业园区管委会牵头组建苏州工业园区市域产教联合体，西交利物浦大学等30余家单位加入。",
        [
            ["苏州工业园区管委会", "Government"],
            ["苏州工业园区市域产教联合体", "Platform"],
            ["西交利物浦大学", "Institution"],
        ],
        [
            ["苏州工业园区管委会", "LEADS", "苏州工业园区市域产教联合体"],
            ["西交利物浦大学", "MEMBER_OF", "苏州工业园区市域产教联合体"],
        ],
    ),
    (
        "天津职业技术师范大学与天津市人民政府签约共建天津职业教育创新中心。",
        [
            ["天津职业技术师范大学", "Institution"],
            ["天津市人民政府", "Government"],
            ["天津职业教育创新中心", "Platform"],
        ],
        [
            ["天津职业技术师范大学", "BUILDS", "天津职业教育创新中心"],
            ["天津市人民政府", "BUILDS", "天津职业教育创新中心"],
        ],
    ),
    (
        "比亚迪股份有限公司在西安成立新能源汽车产业学院，面向新能源汽车产业。",
        [
            ["比亚迪股份有限公司", "Enterprise"],
            ["西安", "Place"],
            ["新能源汽车产业学院", "Platform"],
            ["新能源汽车", "Industry"],
        ],
        [
            ["比亚迪股份有限公司", "BUILDS", "新能源汽车产业学院"],
            ["新能源汽车产业学院", "LOCATED_IN", "西安"],
            ["新能源汽车产业学院", "FOCUSES_ON", "新能源汽车"],
        ],
    ),
    (
        "廣州番禺職業技術學院與廣汽本田汽車有限公司簽署校企合作協議。",
        [["廣州番禺職業技術學院", "Institution"], ["廣汽本田汽車有限公司", "Enterprise"]],
        [["廣州番禺職業技術學院", "COOPERATES_WITH", "廣汽本田汽車有限公司"]],
    ),
    (
        "河南省人民政府办公厅根据《关于深化产教融合的若干意见》印发《河南省深化产教融合实施方案》。",
        [
            ["河南省人民政府办公厅", "Government"],
            ["关于深化产教融合的若干意见", "Policy"],
            ["河南省深化产教融合实施方案", "Policy"],
        ],
        [["河南省深化产教融合实施方案", "ISSUED_BY", "河南省人民政府办公厅"]],
    ),
    (
        "徐工集团工程机械股份有限公司位于徐州市，是全国工程机械行业产教融合共同体理事长单位。",
        [
            ["徐工集团工程机械股份有限公司", "Enterprise"],
            ["徐州市", "Place"],
            ["全国工程机械行业产教融合共同体", "Platform"],
        ],
        [
            ["徐工集团工程机械股份有限公司", "LOCATED_IN", "徐州市"],
            ["徐工集团工程机械股份有限公司", "LEADS", "全国工程机械行业产教融合共同体"],
        ],
    ),
    (
        "成都市人民政府支持电子科技大学建设集成电路产业学院，聚焦集成电路产业。",
        [
            ["成都市人民政府", "Government"],
            ["电子科技大学", "Institution"],
            ["集成电路产业学院", "Platform"],
            ["集成电路", "Industry"],
        ],
        [
            ["成都市人民政府", "SUPPORTS", "电子科技大学"],
            ["电子科技大学", "BUILDS", "集成电路产业学院"],
            ["集成电路产业学院", "FOCUSES_ON", "集成电路"],
        ],
    ),
    (
        "Wuxi Vocational Institute of Commerce signed an agreement with Wuxi National Hi-tech District.",
        [
            ["Wuxi Vocational Institute of Commerce", "Institution"],
            ["Wuxi National Hi-tech District", "Platform"],
        ],
        [
            [
                "Wuxi Vocational Institute of Commerce",
                "COOPERATES_WITH",
                "Wuxi National Hi-tech District",
            ]
        ],
    ),
]


def _gold() -> list[dict]:
    return [
        {
            "id": f"own{i}",
            "text": t,
            "entities": [{"text": a, "label": b} for a, b in e],
            "relations": [{"head": h, "type": ty, "tail": tl} for h, ty, tl in r],
        }
        for i, (t, e, r) in enumerate(OWN)
    ]


@pytest.mark.skipif(not DEV.exists(), reason="../shared/eval/extract_dev.jsonl is not present")
def test_dev_set_gates() -> None:
    report = evaluate_file(DEV)
    ents, rels = report["entities"]["micro"], report["relations"]["micro"]
    assert ents["f1"] >= 0.90, report["errors"]
    assert rels["f1"] >= 0.80, report["errors"]
    assert report["sentences"] == 20


def test_own_sentences_generalise() -> None:
    gold = _gold()
    preds = [extract_text(g["text"]).to_json() for g in gold]
    report = score(gold, preds)
    assert len(OWN) >= 20
    assert report["entities"]["micro"]["f1"] >= 0.90, report["errors"]
    assert report["relations"]["micro"]["f1"] >= 0.80, report["errors"]


def test_scoring_counts_symmetric_either_way_and_per_label() -> None:
    gold = [
        {
            "entities": [{"text": "A大学", "label": "Institution"}],
            "relations": [{"head": "A大学", "type": "COOPERATES_WITH", "tail": "B公司"}],
        }
    ]
    pred = [
        {
            "entities": [{"text": "A大学", "label": "Enterprise"}],
            "relations": [{"head": "B公司", "type": "COOPERATES_WITH", "tail": "A大学"}],
        }
    ]
    r = score(gold, pred)
    assert r["relations"]["micro"]["f1"] == 1.0
    assert r["entities"]["micro"]["tp"] == 0
    assert r["entities"]["per_label"]["Enterprise"]["fp"] == 1
    assert r["entities"]["per_label"]["Institution"]["fn"] == 1


def test_offsets_point_into_the_original_traditional_text() -> None:
    text = "國家軌道交通裝備行業產教融合共同體在常州成立，由中國中車集團有限公司牽頭。"
    r = extract_text(text)
    for e in r.entities:
        assert text[e.start : e.end] == e.text
    names = {e.text for e in r.entities}
    assert "中國中車集團有限公司" in names  # surface form kept in its script


def test_negation_cancels_the_relation() -> None:
    r = extract_text("黎明职业大学尚未与百胜餐饮（福州）有限公司签订合作协议。").to_json()
    assert r["relations"] == []
    assert {e["text"] for e in r["entities"]} == {"黎明职业大学", "百胜餐饮（福州）有限公司"}


def test_coordination_gives_one_relation_per_member() -> None:
    r = extract_text(
        "湖南大学、中南大学和长沙理工大学共同牵头成立湖南省智能制造产教融合共同体。"
    ).to_json()
    leads = {(x["head"], x["tail"]) for x in r["relations"] if x["type"] == "LEADS"}
    assert leads == {
        (u, "湖南省智能制造产教融合共同体") for u in ("湖南大学", "中南大学", "长沙理工大学")
    }
    assert all(x["type"] == "LEADS" for x in r["relations"])  # 牵头成立 is one verb


def test_passive_you_construction() -> None:
    r = extract_text("苏州市工业互联网产教联合体由苏州工学院牵头。").to_json()
    assert {(x["head"], x["type"], x["tail"]) for x in r["relations"]} == {
        ("苏州工学院", "LEADS", "苏州市工业互联网产教联合体")
    }


def test_three_party_agreement_links_every_pair() -> None:
    r = extract_text(
        "常州工学院、常州市科教城管委会与中国中车集团有限公司签署三方合作协议。"
    ).to_json()
    pairs = {
        frozenset((x["head"], x["tail"])) for x in r["relations"] if x["type"] == "COOPERATES_WITH"
    }
    assert len(pairs) == 3


def test_doc_number_is_a_policy_property_not_an_entity() -> None:
    r = extract_text("国务院办公厅印发《关于深化产教融合的若干意见》（国办发〔2017〕95号）。")
    labels = {(e.text, e.label) for e in r.entities}
    assert ("关于深化产教融合的若干意见", "Policy") in labels
    assert not any("95号" in e.text for e in r.entities)
    pol = next(e for e in r.entities if e.label == "Policy")
    assert pol.props["doc_number"] == "国办发〔2017〕95号"


def test_longest_match_no_nesting() -> None:
    r = extract_text("深圳大学腾讯云人工智能学院聚焦人工智能产业。").to_json()
    texts = [e["text"] for e in r["entities"]]
    assert "深圳大学腾讯云人工智能学院" in texts
    assert "深圳大学" not in texts and "深圳" not in texts
    assert {
        "head": "深圳大学腾讯云人工智能学院",
        "type": "FOCUSES_ON",
        "tail": "人工智能",
        "confidence": r["relations"][0]["confidence"],
    } in r["relations"]


def test_designation_needs_the_list_making_body() -> None:
    none = extract_text("东软集团股份有限公司入选首批国家产教融合型企业。").to_json()
    assert none["relations"] == []
    some = extract_text(
        "东软集团股份有限公司入选国家发展改革委办公厅公布的产教融合型企业名单。"
    ).to_json()
    assert {(x["head"], x["type"], x["tail"]) for x in some["relations"]} == {
        ("国家发展改革委办公厅", "DESIGNATES", "东软集团股份有限公司")
    }


def test_category_is_not_a_platform() -> None:
    r = extract_text(
        "南京工程学院与南京市江宁区人民政府共建智能装备产业学院，2022年获批江苏省重点产业学院。"
    )
    assert not any(e.text.startswith("江苏省") for e in r.entities)


def test_scraped_disclaimer_has_no_entities() -> None:
    assert extract_text("本文由某某文案创作，仅供参考，不构成相关领域的建议和依据。").entities == []


def test_char_and_token_matchers_agree_on_own_sentences(schema) -> None:  # type: ignore[no-untyped-def]
    from iegraph.ingest.documents.pipeline import Extractor

    chars = get_extractor()
    tokens = Extractor(schema, mode="tokens")
    for text, _e, _r in OWN:
        a = {(e.text, e.label) for e in chars.extract_text(text).entities}
        b = {(e.text, e.label) for e in tokens.extract_text(text).entities}
        assert a == b, text


def test_known_names_from_the_graph_are_recognised(schema) -> None:  # type: ignore[no-untyped-def]
    from iegraph.ingest.documents.pipeline import Extractor

    ex = Extractor(schema, [("华为", "Company", "enterprise:华为")])
    r = ex.extract_text("华为在东莞建设实训基地。")
    hits = [e for e in r.entities if e.text == "华为"]
    assert hits and hits[0].label == "Enterprise" and hits[0].key == "enterprise:华为"


def test_spacy_doc_view_has_the_entities() -> None:
    d = get_extractor().doc("浙江机电职业技术学院与圣奥家居开设家居订单班。")
    assert [(e.text, e.label_) for e in d.ents] == [
        ("浙江机电职业技术学院", "Institution"),
        ("圣奥家居", "Enterprise"),
        ("家居订单班", "Platform"),
    ]


def test_issuer_without_a_suffix_takes_the_class_the_relation_allows() -> None:
    r = extract_text("2019年，国务院印发《国家职业教育改革实施方案》。").to_json()
    assert {(e["text"], e["label"]) for e in r["entities"]} == {
        ("国务院", "Government"),
        ("国家职业教育改革实施方案", "Policy"),
    }
    assert [(x["head"], x["type"], x["tail"]) for x in r["relations"]] == [
        ("国家职业教育改革实施方案", "ISSUED_BY", "国务院")
    ]
    assert extract_text("地方政府印发《实施方案》。").to_json()["relations"] == []


def test_ba_construction_and_short_ministry_names() -> None:
    r = extract_text("湖北省教育厅将武汉市确定为省级产教融合试点城市。").to_json()
    assert [(x["head"], x["type"], x["tail"]) for x in r["relations"]] == [
        ("湖北省教育厅", "DESIGNATES", "武汉市")
    ]
    r2 = extract_text("财政部发布《关于支持产教融合的通知》，教育部门积极落实。").to_json()
    texts = {e["text"] for e in r2["entities"]}
    assert "财政部" in texts and not any(t.startswith("教育部") for t in texts)
