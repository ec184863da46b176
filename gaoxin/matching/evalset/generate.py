"""Deterministic generator of the matching evaluation set.

    python gaoxin/matching/evalset/generate.py   # rewrites needs.jsonl, resources.jsonl, qrels.tsv, meta.json

Resources come from templates over the topics in topics.py; each carries ground-truth
tags (what it offers). Judgments follow an operator's rules on those tags, the
resource type, validity, location eligibility, stage and ticket size — they never
call the engine. Grades: 3 answers the need, 2 answers it partly, 1 related, 0 not.
"""

from __future__ import annotations

import json
import random
import sys
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from needs_spec import NEEDS  # noqa: E402
from topics import ENTERPRISES, REGIONS, TOPICS  # noqa: E402

AS_OF = date(2022, 10, 15)
ACCEPTS = {  # the operator's view of which resources can answer which needs
    "market": {"customer"}, "funding": {"investor", "policy"},
    "technology": {"expert", "lab", "enterprise_offering", "service_provider"},
    "talent": {"expert", "lab", "service_provider"}, "space": {"space"},
    "policy": {"policy", "service_provider"}, "supply": {"supplier", "enterprise_offering"},
    "other": {"customer", "investor", "expert", "lab", "service_provider", "space", "policy",
              "supplier", "enterprise_offering", "other"},
}  # fmt: skip
STAGES = ["种子轮", "天使轮", "Pre-A轮", "A轮", "B轮", "C轮", "Pre-IPO"]

rng = random.Random(20221015)
resources: list[dict] = []
truth: dict[str, dict] = {}


def pick(xs):
    return xs[rng.randrange(len(xs))]


def add(rtype, title, desc, tags, topic=None, regions=(), industries=(), expired=False,
        full=False, **extra):  # fmt: skip
    rid = f"R{len(resources) + 1:04d}"
    created = AS_OF - timedelta(days=rng.randrange(5, 540))
    row = {"id": rid, "type": rtype, "title": title, "description": desc}
    if industries:
        row["industries"] = list(industries)
    if regions:
        row["regions"] = [REGIONS[r][0] for r in regions]
    row["created_at"] = created.isoformat()
    if expired:
        row["valid_until"] = (AS_OF - timedelta(days=rng.randrange(10, 120))).isoformat()
    elif rng.random() < 0.3:
        row["valid_until"] = (AS_OF + timedelta(days=rng.randrange(30, 400))).isoformat()
    if full:
        row["capacity"], row["remaining"] = 10, 0
    row.update({k: v for k, v in extra.items() if v is not None})
    resources.append(row)
    truth[rid] = {"tags": set(tags), "topic": topic, "active": not (expired or full),
                  "regions": [REGIONS[r][0] for r in regions], "row": row}  # fmt: skip
    return rid


SPREAD = ["xj", "cq", "hn", "lc", "sd", "sz", "js", "sc", "zz", "wlmq", "hb", "sx", "zj", "ah"]
COMPANY = ["华", "泰", "宏", "恒", "新", "瑞", "博", "联", "中", "远", "正", "盛", "科", "达"]


def company(suffix="有限公司"):
    return pick(COMPANY) + pick(COMPANY) + pick(["科技", "实业", "机械", "智能", "工业"]) + suffix


def gen_topic(key, t):
    ind = t["industry"]
    words = t["words"]
    for tag, phrases in t["buy"].items():  # customers: what they buy
        for i in range(7):
            reg = SPREAD[(i * 3 + len(tag)) % len(SPREAD)]
            buyer, _ = pick(t["buyers"])
            phrase = pick(phrases)
            rname = REGIONS[reg][1]
            title = pick(
                [
                    f"{rname}{buyer}采购{phrase}",
                    f"{buyer}寻求{phrase}供应商",
                    f"{rname}某{buyer}{phrase}项目",
                    f"{phrase}采购需求（{rname}）",
                ]
            )
            desc = pick([f"{rname}一家{buyer}计划实施{phrase}，预算约{rng.randrange(50, 900)}万元，希望对接具备{pick(words)}经验的厂家。",
                         f"该{buyer}位于{rname}，因扩产需要{phrase}，要求交付周期三个月以内。",
                         f"{buyer}现有设备老化，拟引进{phrase}，欢迎有案例的单位联系。"])  # fmt: skip
            add(
                "customer",
                title,
                desc,
                {tag},
                key,
                (reg,),
                (ind,) if i % 3 else (),
                expired=(i == 5),
                provider=f"{rname}{buyer}",
            )
    for tag, phrases in t["supply"].items():  # suppliers of inputs
        for i in range(5):
            reg = ["sd", "lc", "js", "sz", "zj", "jn"][(i + len(tag)) % 6]
            p = pick(phrases)
            add(
                "supplier",
                f"{company()}供应{p}",
                pick(
                    [
                        f"长期供应{p}，支持小批量试样，{REGIONS[reg][1]}本地仓发货。",
                        f"专业生产{p}，产能充足，可开具专票，服务{pick(words)}行业客户。",
                    ]
                ),
                {tag},
                key,
                (reg,),
                (ind,),
                expired=(i == 3 and len(tag) % 2 == 0),
            )
        # the same items wanted by a customer: similar text, wrong type for a supply need
        p = pick(phrases)
        add("customer", f"采购{p}", f"某企业需要采购{p}，寻找可靠供应商。", set(), key, (pick(SPREAD),))
    for tag, phrases in t["buy"].items():  # competitors selling what the topic's customers buy
        p = pick(phrases)
        add(
            "supplier",
            f"{company()}提供{p}",
            f"提供{p}整体解决方案，{pick(words)}项目经验丰富。",
            {tag},
            key,
            (pick(SPREAD),),
            (ind,),
        )
    for n, (tag, phrases) in enumerate(t["tech"].items()):  # experts and labs
        for i in range(3):
            p = pick(phrases)
            can_vp = i == 0
            tags = {tag} | ({f"talent:{key}"} if can_vp else set())
            who = pick(["聊城大学", "山东大学", "山东理工大学", "济南大学", "哈尔滨工业大学"])
            extra = "，可受聘担任企业科技副总" if can_vp else ""
            add(
                "expert",
                f"{who}{pick(['教授', '副教授', '研究员'])}：{p}",
                f"长期从事{p}研究，主持多项{pick(words)}相关课题{extra}。",
                tags,
                key,
                ("lc",) if who == "聊城大学" else ("sd",),
                (ind,),
            )
        if n < 2:
            p = pick(phrases)
            add(
                "lab",
                f"{pick(['聊城大学', '山东省', '聊城产业技术研究院'])}{t['name']}实验室",
                f"实验室方向包括{p}，可开展技术攻关、联合研发与研究生联合培养。",
                {tag, f"talent:{key}"},
                key,
                ("lc",),
                (ind,),
            )
    tech_tags = list(t["tech"])
    add(
        "service_provider",
        f"{t['name']}检测与技术服务中心",
        f"提供{pick(t['tech'][tech_tags[-1]])}等第三方技术服务。",
        {tech_tags[-1]},
        key,
        ("jn",),
        (ind,),
    )
    add(
        "service_provider",
        f"{t['name']}人才猎头服务",
        f"专注{pick(words)}行业中高端人才招聘，覆盖研发、工艺、销售岗位。",
        {f"talent:{key}"},
        key,
        ("nation",),
    )
    for i, (tag, phrases) in enumerate(list(t["buy"].items())[:2]):  # another enterprise's offering
        p = pick(phrases)
        add(
            "enterprise_offering",
            f"孵化企业产品：{p}",
            f"本地孵化企业可提供{p}，已在{pick(['新疆', '河南', '山东', '重庆'])}落地项目。",
            {tag},
            key,
            ("lc",),
            (ind,),
            expired=(i == 1 and key in ("tbm", "mes")),
        )
    for i in range(3):  # investors of the topic
        lo, hi = [(100, 800), (500, 3000), (2000, 20000)][i]
        stages = [STAGES[0:3], STAGES[2:5], STAGES[4:7]][i]
        focus = pick(words)
        add("investor", f"{pick(['聊城', '齐鲁', '深创', '华科', '泰山'])}{focus}{pick(['创投', '产业基金', '资本'])}",
            f"重点投资{t['name']}、{focus}等方向，单笔{lo}-{hi}万元，关注{'、'.join(stages)}企业。",
            {f"fund:{key}"}, key, (pick(["sd", "sz", "bj", "sh"]),), (ind[:3],),
            amount_min_wan=lo, amount_max_wan=hi, stages=stages)  # fmt: skip


def gen_common():
    kinds = {"factory": ("标准厂房", "单层标准厂房，层高9米，配10吨行车"),
             "cleanroom": ("洁净车间", "千级洁净车间，恒温恒湿，配纯水系统"),
             "office": ("孵化器办公工位", "拎包入驻的孵化器工位和独立办公室"),
             "warehouse": ("仓储库房", "丙类仓库，消防验收合格"),
             "lab": ("中试实验场地", "可改造的中试车间与实验室，层高6米")}  # fmt: skip
    for kind, (name, desc) in kinds.items():
        for i in range(9):
            reg = ["lc", "lc", "lc", "lc", "jn", "qd", "dg", "js", "lc"][i]
            area = rng.randrange(1, 40) * 100
            add(
                "space",
                f"{REGIONS[reg][1]}{pick(['高新区', '经开区', '科创园'])}{name}{area}平米",
                f"{desc}，面积{area}平方米，租金面议。",
                {f"space:{kind}"},
                None,
                (reg,),
                expired=(i == 7),
                full=(i == 8),
                capacity=10 if i == 8 else None,
            )
    policies = {"gaoqi": "高新技术企业认定奖励", "kexiao": "科技型中小企业入库评价",
                "zjtx": "专精特新中小企业认定", "firstset": "首台（套）技术装备认定及保险补偿",
                "ic": "集成电路产业扶持政策", "rd": "研发费用加计扣除政策",
                "digital": "智能化技术改造与数字化转型补贴", "talent": "高层次人才引进补贴"}  # fmt: skip
    scopes = [("lc", "聊城市"), ("sd", "山东省"), ("nation", "国家"), ("sz", "深圳市"), ("js", "江苏省")]
    for kind, name in policies.items():
        for i, (reg, who) in enumerate(scopes):
            tags = {f"policy:{kind}"}
            if kind == "ic":
                tags.add("fund:semi")
            if kind == "digital":
                tags.add("fund:auto")
            add(
                "policy",
                f"{who}{name}",
                f"{who}发布的{name}，符合条件的企业可申报，{pick(['按年度受理', '常年受理', '分批次受理'])}。",
                tags,
                None,
                (reg,),
                expired=(i == 2 and kind in ("gaoqi", "zjtx")),
            )
    for title, tags, reg in [("科技贷贷款贴息政策", {"fund:loan", "fund:generic"}, "lc"),
                             ("新能源产业发展专项资金", {"fund:storage"}, "sd"),
                             ("新材料首批次应用保险补偿", {"fund:carbon"}, "nation"),
                             ("医疗器械创新产品注册奖励", {"fund:rehab"}, "sd")]:  # fmt: skip
        add("policy", title, f"{title}：对符合条件的企业给予资金支持。", tags, None, (reg,))
    agents = [("高企认定申报辅导", {"policy:gaoqi", "policy:rd"}), ("科小入库代办", {"policy:kexiao"}),
              ("专精特新申报咨询", {"policy:zjtx"}), ("项目申报综合服务", {"generic:policy"}),
              ("科技项目申报与政策匹配", {"generic:policy"}), ("首台套与技改项目申报", {"policy:firstset", "policy:digital"}),
              ("人力资源外包与招聘", {"generic:talent"}), ("校园招聘服务平台", {"generic:talent"}),
              ("知识产权代理与维权", {"other:ip"}), ("专利申请代理", {"other:ip"}),
              ("律师事务所企业法律顾问", {"other:legal"}), ("合同纠纷诉讼代理", {"other:legal"}),
              ("代理记账与税务筹划", {"other:finance"}), ("财务外包服务", {"other:finance"}),
              ("外贸综合服务平台", {"other:export"}), ("出口认证CE/UL咨询", {"other:export"}),
              ("职业技能培训学校", {"other:training"}), ("数控技能实训基地", {"other:training"})]  # fmt: skip
    for i, (title, tags) in enumerate(agents):
        add(
            "service_provider",
            f"{company('服务有限公司')}·{title}",
            f"提供{title}服务，服务高新区企业百余家。",
            tags,
            None,
            (["lc", "jn", "nation"][i % 3],),
        )
    for title, tags in [("中国国际轨道交通展览会", {"other:expo"}), ("航空维修与工程博览会", {"other:expo"}),
                        ("国际储能大会暨展览会", set()), ("全国医疗器械博览会", set()),
                        ("企业家沙龙：数字化转型", set())]:  # fmt: skip
        add("other", title, f"{title}招展中，欢迎企业参展推介产品。", tags, None, ("nation",))
    for i in range(10):  # investors with no focus / unrelated focus
        broad = i < 4
        focus = "硬科技、先进制造" if broad else pick(["消费品牌", "现代农业", "文旅地产", "连锁餐饮"])
        ind = ("C",) if broad else (pick(["A01", "K70", "H62", "F52"]),)
        lo, hi = pick([(100, 1000), (500, 5000), (1000, 10000)])
        add(
            "investor",
            f"{pick(COMPANY)}{pick(COMPANY)}资本",
            f"关注{focus}领域，单笔投资{lo}-{hi}万元。",
            {"fund:generic"} if broad else set(),
            None,
            (pick(["bj", "sh", "sz", "sd"]),),
            ind,
            amount_min_wan=lo,
            amount_max_wan=hi,
            stages=STAGES[1:5],
        )
    for item in ["办公家具", "食堂承包服务", "保洁服务", "宣传片拍摄", "员工工装", "安防监控系统"]:
        add("customer", f"采购{item}", f"园区企业采购{item}，公开比选。", set(), None, ("lc",))


def region_ok(want, have):
    if not want or not have or "000000" in have:
        return True
    for w in want:
        for h in have:
            if w == h or (w.endswith("0000") and h[:2] == w[:2]) or (h.endswith("0000") and h[:2] == w[:2]):
                return True
    return False


def judge(need, r):
    ntype, wants, topic = need["type"], set(need["wants"]), need["topic"]
    row = r["row"]
    if not r["active"] or row["type"] not in ACCEPTS[ntype]:
        return 0
    here = region_ok(need["regions"], r["regions"])
    if ntype in ("space", "policy") and not here:
        return 0  # a 深圳 policy or a 东莞 plant is of no use to a 聊城 enterprise
    if wants & r["tags"]:
        g = 3
    elif f"generic:{ntype}" in r["tags"] or (ntype == "funding" and "fund:generic" in r["tags"]):
        g = 1
    elif ntype in ("technology", "talent") and r["topic"] == topic and row["type"] != "customer":
        g = 1 if row["type"] in ("expert", "lab", "service_provider", "enterprise_offering") else 0
    elif ntype == "market" and r["topic"] == topic:
        g = 1 if r["tags"] & set(TOPICS[topic]["buy"]) else 0  # buys another product line
    elif ntype == "supply" and r["topic"] == topic:
        g = 1 if r["tags"] & set(TOPICS[topic]["supply"]) else 0  # supplies another input
    else:
        g = 0
    if g and ntype in ("market", "supply") and not here:
        g = max(1, g - 1)
    if g and row["type"] == "investor":
        if need.get("amount_wan") and "amount_min_wan" in row:
            a = need["amount_wan"]
            if a > 2 * row["amount_max_wan"] or a < row["amount_min_wan"] / 2:
                g -= 1
        if need.get("stage") and "stages" in row and need["stage"] not in row["stages"]:
            idx = STAGES.index(need["stage"])
            if min(abs(idx - STAGES.index(s)) for s in row["stages"]) > 1:
                g -= 1
        g = max(0, g)
    return g


def main():
    for key, t in TOPICS.items():
        gen_topic(key, t)
    gen_common()
    needs_out, qrels = [], []
    for nid, ntype, ent, wants, title, desc, regions, amount, stage in NEEDS:
        e = ENTERPRISES[ent]
        row = {"id": nid, "type": ntype, "title": title, "description": desc,
               "industry": e["industry"], "enterprise": e}  # fmt: skip
        if regions:
            row["region"] = list(regions)
        if amount is not None:
            row["amount_wan"] = amount
        if stage:
            row["stage"] = stage
        needs_out.append(row)
        head, _, tail = wants[0].partition(":")
        topic = tail if head in ("fund", "talent") else head
        need = {"type": ntype, "wants": wants, "topic": topic,
                "regions": list(regions), "amount_wan": amount, "stage": stage}  # fmt: skip
        for rid, r in truth.items():
            g = judge(need, r)
            # judge every resource of the need's topic or tags, plus every positive one
            if g or r["topic"] == need["topic"] or (need["wants"] and set(wants) & r["tags"]):
                qrels.append(f"{nid} 0 {rid} {g}")
    (HERE / "needs.jsonl").write_text(
        "".join(json.dumps(n, ensure_ascii=False) + "\n" for n in needs_out), encoding="utf-8"
    )
    (HERE / "resources.jsonl").write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in resources), encoding="utf-8"
    )
    (HERE / "qrels.tsv").write_text("\n".join(qrels) + "\n", encoding="utf-8")
    (HERE / "meta.json").write_text(
        json.dumps({"as_of": AS_OF.isoformat(), "generator": "generate.py", "seed": 20221015}) + "\n", encoding="utf-8"
    )
    print(f"{len(needs_out)} needs, {len(resources)} resources, {len(qrels)} judgments")


if __name__ == "__main__":
    main()
