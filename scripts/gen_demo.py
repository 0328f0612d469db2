#!/usr/bin/env python3
"""Generates assets/demo/huayang2.json: the Huayang Group No.2 mine example (华阳二矿狮脑山排矸场).

Deterministic: ids are UUIDv5 of names, spreads are fixed formulas. The completed works add up
exactly to the figures of the source article: 23 slope faces and berms, 210,000 m² gentle-slope
trimming, 585,000 m² flat-area leveling, 1,940,000 m³ soil cover, 938 m ditches, 108,498 m² green.
Run: python3 scripts/gen_demo.py  (needs Pillow for the two example photos)
"""
import base64, hashlib, io, json, uuid
from pathlib import Path

NS = uuid.UUID("6f0c9a8e-3b1d-4c55-9a43-1d2e8f7b6a01")
def uid(name): return str(uuid.uuid5(NS, name))

def spread(total, weights):
    """Splits an integer total in proportion to weights, exactly (largest remainder)."""
    s = sum(weights)
    raw = [total * w / s for w in weights]
    parts = [int(r) for r in raw]
    rest = total - sum(parts)
    order = sorted(range(len(raw)), key=lambda i: raw[i] - parts[i], reverse=True)
    for i in order[:rest]:
        parts[i] += 1
    assert sum(parts) == total
    return parts

OP = "环保部 王工"
mine = uid("mine"); pile = uid("pile")
out = {"format": "restoration-ledger", "format_version": 1, "exported_by": "scripts/gen_demo.py"}
out["mines"] = [{"id": mine, "name": "华阳集团二矿", "company": "华阳新材料科技集团有限公司",
                 "location": "山西省阳泉市", "note": "示例数据：依据公开报道整理，数量为演示用分配。"}]
out["piles"] = [{"id": pile, "mine_id": mine, "name": "狮脑山排矸场", "location": "阳泉市狮脑山",
                 "dumping_since": "2011-01-01", "status": "in_use", "closed_on": None,
                 "greenable_area": 120000, "plan_reference": "狮脑山排矸场土地复垦方案（示例）",
                 "note": "边排边治：由下向上分层排矸、覆土、碾压。"}]

years = list(range(2011, 2024))
tonnes = spread(33_000_000, [18, 22, 25, 27, 28, 27, 26, 27, 28, 29, 28, 27, 26])
out["dumping_records"] = [{"id": uid(f"dump{y}"), "pile_id": pile, "period_start": f"{y}-01-01",
    "period_end": f"{y}-12-31", "tonnes": t, "note": ""} for y, t in zip(years, tonnes)]

benches = []
# Slope faces and berms alternate on the pile ("23个坡面和马道"); problems and after-care speak of
# 10号马道, so bench 10 is a berm (flat, with a width and no gradient).
BERMS = {2, 4, 6, 8, 10, 14, 22}
for n in range(1, 24):
    if n <= 12: status = "accepted" if n <= 6 else "aftercare"
    elif n <= 20: status = "greened" if n != 13 else "aftercare"
    elif n <= 22: status = "covered"
    else: status = "dumping"
    benches.append({"id": uid(f"bench{n}"), "pile_id": pile, "number": n, "kind": "berm" if n in BERMS else "slope_face",
        "elevation_low": 860 + 8 * (n - 1), "elevation_high": 860 + 8 * n,
        "area": 9000 + 173 * ((n * 7) % 11), "gradient_run": None if n in BERMS else 1.8 if n == 7 else 2 + 0.1 * (n % 5),
        "berm_width": 4 + (n % 3), "status": status,
        "note": "营养土层+喷播植被层试验坡面" if n == 18 else ""})
out["benches"] = benches
B = {b["number"]: b["id"] for b in benches}

works = []
def work(key, phase, kind, qty, unit, date, bench=None, thickness=None, contractor="", note=""):
    works.append({"id": uid(key), "pile_id": pile, "phase": phase, "kind": kind,
        "bench_id": B[bench] if bench else None, "quantity": qty, "unit": unit, "date": date,
        "thickness": thickness, "contractor": contractor, "note": note})

C1, C2, C3 = "山西某生态建设公司", "阳泉某土石方工程公司", "某园林绿化公司"
done = [n for n in range(1, 23)]   # benches 1..22 have been worked; 23 is still receiving gangue
def year_of(n): return 2011 + (n - 1) * 12 // 22   # bench 1 in 2011 ... bench 22 in 2022

# Gentle-slope trimming 210,000 m² over benches 1..22.
for n, q in zip(done, spread(210_000, [b["area"] for b in benches[:22]])):
    work(f"trim{n}", "completed", "gentle_slope_trimming", q, "m2", f"{year_of(n)}-05-20", n, contractor=C2)
# Flat-area leveling 585,000 m²: platforms and berms, by year.
for y, q in zip(years, spread(585_000, [3, 4, 5, 5, 5, 5, 5, 5, 5, 5, 4, 4, 3])):
    work(f"level{y}", "completed", "flat_area_leveling", q, "m2", f"{y}-09-30", contractor=C2, note="平台及马道平整")
# Soil cover 1,940,000 m³: per bench, 0.5 m loess on each lift, then the final cover.
cover = spread(1_940_000, [b["area"] for b in benches[:22]])
for n, q in zip(done, cover):
    lift, final = spread(q, [1, 2])
    y = year_of(n)
    work(f"lift{n}", "completed", "soil_cover", lift, "m3", f"{y}-04-15", n, 0.5, C2, "分层覆土（每层0.5米黄土）")
    work(f"cover{n}", "completed", "soil_cover", final, "m3", f"{y}-10-15", n,
         0.8 if n == 21 else 1.0 + 0.05 * (n % 5), C2, "终覆土")
    work(f"compact{n}", "completed", "compaction", benches[n - 1]["area"], "m2", f"{y}-10-20", n, contractor=C2, note="碾压")
# Ditches: 938 m in all.
for key, kind, q, y in [("icept1", "intercepting_ditch", 312, 2013), ("icept2", "intercepting_ditch", 286, 2017),
                        ("drain1", "drainage_ditch", 190, 2015), ("drain2", "drainage_ditch", 150, 2020)]:
    work(key, "completed", kind, q, "m", f"{y}-08-31", contractor=C2)
# Green area 108,498 m² on benches 1..20.
green_benches = list(range(1, 21))
for n, q in zip(green_benches, spread(108_498, [benches[n - 1]["area"] for n in green_benches])):
    work(f"green{n}", "completed", "greening", q, "m2", f"{min(year_of(n) + 1, 2023)}-06-10", n, contractor=C3)
# Other works named by the article.
work("site1", "completed", "site_leveling", 42_000, "m2", "2011-06-30", contractor=C2)
work("grout1", "completed", "grouting_fire_suppression", 3_600, "m3", "2019-08-20", 9, contractor=C1, note="测温点T2高温区注浆灭火")
work("wall1", "completed", "retaining_wall", 420, "m", "2012-10-31", 1, contractor=C2)
work("pond1", "completed", "sedimentation_pond", 3, "count", "2014-07-15", contractor=C2)
work("nutri18", "completed", "nutrient_soil_layer", benches[17]["area"], "m2", "2022-04-20", 18, 0.3, C1, "覆盖剂+营养土层试验")
work("hydro18", "completed", "hydroseeding", benches[17]["area"], "m2", "2022-05-06", 18, contractor=C1, note="喷播抗侵蚀植被层")
work("plant_ct", "completed", "tree_shrub_planting", 186_000, "plants", "2020-04-30", contractor=C3, note="紫穗槐")
# The approved plan.
for key, kind, q, unit in [("p_trim", "gentle_slope_trimming", 230_000, "m2"), ("p_level", "flat_area_leveling", 600_000, "m2"),
        ("p_cover", "soil_cover", 2_100_000, "m3"), ("p_icept", "intercepting_ditch", 620, "m"),
        ("p_drain", "drainage_ditch", 380, "m"), ("p_green", "greening", 120_000, "m2"),
        ("p_site", "site_leveling", 42_000, "m2"), ("p_grout", "grouting_fire_suppression", 4_000, "m3"),
        ("p_wall", "retaining_wall", 450, "m"), ("p_pond", "sedimentation_pond", 3, "count"),
        ("p_nutri", "nutrient_soil_layer", 60_000, "m2"), ("p_hydro", "hydroseeding", 60_000, "m2"),
        ("p_compact", "compaction", 230_000, "m2"), ("p_plant", "tree_shrub_planting", 200_000, "plants")]:
    work(key, "planned", kind, q, unit, "2025-12-31", note="土地复垦方案设计量")
# The plan breaks the soil cover down by bench (the breakdown adds up to the total above, and is
# part of it, not more of it).
for n, q in zip(range(1, 24), spread(2_100_000, [b["area"] for b in benches])):
    work(f"p_cover{n}", "planned", "soil_cover", q, "m3", "2025-12-31", n, note="土地复垦方案分台阶设计量")
out["works"] = works

plantings, surveys = [], []
for n in range(1, 21):
    y = min(year_of(n) + 1, 2023)
    pid = uid(f"amorpha{n}")
    plants = 8000 + 100 * (n % 7)
    plantings.append({"id": pid, "pile_id": pile, "bench_id": B[n], "species": "紫穗槐 Amorpha fruticosa",
        "plant_type": "shrub", "plants": plants, "seed": None, "area": benches[n - 1]["area"],
        "date": f"{y}-04-10", "note": ""})
    plantings.append({"id": uid(f"alfalfa{n}"), "pile_id": pile, "bench_id": B[n], "species": "苜蓿 alfalfa",
        "plant_type": "grass", "plants": None, "seed": round(benches[n - 1]["area"] / 666.67 * 1.5, 1),
        "area": benches[n - 1]["area"], "date": f"{y}-04-12", "note": "播种量约1.5 kg/亩"})
    if n in (3, 8, 12, 14, 16, 18):
        rate = {3: 0.91, 8: 0.88, 12: 0.78, 14: 0.86, 16: 0.35, 18: 0.93}[n]
        surveys.append({"id": uid(f"survey{n}"), "planting_id": pid, "bench_id": B[n],
            "date": f"{y}-10-15", "planted": plants, "alive": int(plants * rate),
            "cover": {3: 82, 8: 76, 12: 61, 14: 70, 16: 28, 18: 88}[n],
            "method": "样方调查 10m×10m", "surveyor": "环保部 李工", "note": ""})
out["plantings"] = plantings
out["surveys"] = surveys

def after(key, date, kind, bench, qty, unit, review, note, comment="", reviewer="", reviewed_at=None, contractor=C3):
    return {"id": uid(key), "pile_id": pile, "date": date, "contractor": contractor,
        "bench_id": B[bench] if bench else None, "kind": kind, "quantity": qty, "unit": unit, "note": note,
        "review": review, "review_comment": comment, "reviewer": reviewer, "reviewed_at": reviewed_at}
out["aftercare"] = [
    after("ac1", "2023-04-18", "replanting", 12, 1700, "plants", "approved", "12号坡面紫穗槐补植",
          "已现场核实", "环保部 王工", "2023-04-25T09:00:00Z"),
    after("ac2", "2023-05-06", "desilting", None, 260, "m3", "approved", "1号沉淀池清淤",
          "", "环保部 王工", "2023-05-08T10:30:00Z", C2),
    after("ac3", "2023-05-20", "reseeding", 18, 4200, "m2", "rejected", "18号坡面补播苜蓿",
          "照片与坡面位置不符，请补充现场照片后重新提交", "环保部 王工", "2023-05-22T15:00:00Z", C1),
    after("ac4", "2023-09-12", "replanting", 16, 5200, "plants", "pending", "16号坡面紫穗槐补植（成活率低于40%）"),
    after("ac5", "2023-09-28", "ditch_repair", 10, 35, "m", "pending", "10号马道截水沟修复", contractor=C2),
    after("ac6", "2023-07-15", "fire_patrol", 9, 1, "count", "approved", "T2测温点周边巡查",
          "", "环保部 王工", "2023-07-16T08:00:00Z", C1),
]

def photo(key, owner, date, gps, place, color):
    from PIL import Image
    img = Image.new("RGB", (160, 120), color)
    for x in range(160):
        for y in range(60, 120):
            img.putpixel((x, y), (90 + x // 4, 70 + y // 6, 40))
    exif = Image.Exif()
    exif[0x0132] = date.replace("-", ":")
    buf = io.BytesIO(); img.save(buf, "JPEG", quality=70, exif=exif)
    data = buf.getvalue()
    return {"id": uid(key), "owner_kind": "aftercare", "owner_id": uid(owner), "file_name": f"{key}.jpg",
        "mime": "image/jpeg", "taken_at": date.replace(" ", "T") + "+08:00", "gps_lat_micro": gps[0],
        "gps_lon_micro": gps[1], "taken_by": C3, "place": place,
        "sha256": hashlib.sha256(data).hexdigest(), "data": base64.b64encode(data).decode()}
out["photos"] = [photo("photo_ac1", "ac1", "2023-04-18 10:20:00", (37856200, 113583100), "12号坡面", (110, 160, 90)),
                 photo("photo_ac2", "ac2", "2023-05-06 14:05:00", (37855400, 113581700), "1号沉淀池", (120, 150, 170))]

out["problems"] = [
    {"id": uid("pr1"), "pile_id": pile, "found_on": "2022-03-11", "source": "自查", "description": "7号坡面局部冲沟",
     "bench_id": B[7], "owner": "土石方施工单位 / 张经理", "deadline": "2022-04-30", "rectification": "回填夯实并增设截水沟",
     "rectified_on": "2022-04-20", "verified_by": "环保部 王工", "verified_on": "2022-04-28", "status": "verified"},
    {"id": uid("pr2"), "pile_id": pile, "found_on": "2022-08-05", "source": "周例会", "description": "1号沉淀池淤积严重",
     "bench_id": None, "owner": "土石方施工单位 / 张经理", "deadline": "2022-09-30", "rectification": "清淤260立方米",
     "rectified_on": "2022-09-18", "verified_by": "环保部 王工", "verified_on": "2022-09-25", "status": "verified"},
    {"id": uid("pr3"), "pile_id": pile, "found_on": "2023-06-02", "source": "自查", "description": "16号坡面紫穗槐成活率低",
     "bench_id": B[16], "owner": "园林绿化施工单位 / 赵经理", "deadline": "2023-10-31", "rectification": "秋季补植紫穗槐",
     "rectified_on": "2023-09-12", "verified_by": "", "verified_on": None, "status": "rectified"},
    {"id": uid("pr4"), "pile_id": pile, "found_on": "2023-07-14", "source": "监理检查", "description": "10号马道截水沟破损渗漏",
     "bench_id": B[10], "owner": "土石方施工单位 / 张经理", "deadline": "2023-08-31", "rectification": "",
     "rectified_on": None, "verified_by": "", "verified_on": None, "status": "open"},
    {"id": uid("pr5"), "pile_id": pile, "found_on": "2023-11-20", "source": "周例会", "description": "23号作业面覆土厚度待复测",
     "bench_id": B[23], "owner": "环保部 / 王工", "deadline": "2027-06-30", "rectification": "",
     "rectified_on": None, "verified_by": "", "verified_on": None, "status": "open"},
]

points = [("T1", 5, "5号坡面中部"), ("T2", 9, "9号坡面东侧"), ("T3", 20, "20号坡面坡顶")]
out["monitoring_points"] = [{"id": uid(p), "pile_id": pile, "name": p, "bench_id": B[b], "location": loc, "note": ""}
                            for p, b, loc in points]
readings = []
for p, b, _ in points:
    for i in range(30):  # every two months, 2019-01 .. 2023-11
        y, m = 2019 + (2 * i) // 12, (2 * i) % 12 + 1
        base = {"T1": 24, "T2": 31, "T3": 22}[p] + (6 if m in (7, 9) else 0)
        t = base
        if p == "T2" and (y, m) in ((2019, 3), (2019, 5), (2019, 7)):
            t = {3: 56, 5: 68, 7: 61}[m]   # spontaneous combustion, grouted in August 2019
        co = 12 if t > 50 else 2 + (i % 3)
        if p == "T2" and (y, m) in ((2019, 5),): co = 38
        readings.append({"id": uid(f"r{p}{i}"), "point_id": uid(p), "taken_at": f"{y}-{m:02d}-15T09:00:00",
                         "temperature": t, "co": co, "note": "注浆后复测" if (p, y, m) == ("T2", 2019, 9) else ""})
out["readings"] = readings
out["sign_offs"] = [{"id": uid("sign1"), "revision": "A", "date": "2023-12-20", "prepared_by": "环保部 王工",
                     "reviewed_by": "环保部 刘主任", "approved_by": "二矿 分管副矿长", "note": "年度台账汇总"}]

# The figures the article reports must come out exactly.
c = lambda k: sum(w["quantity"] for w in works if w["phase"] == "completed" and w["kind"] in k)
assert c({"gentle_slope_trimming"}) == 210_000 and c({"flat_area_leveling"}) == 585_000
assert c({"soil_cover"}) == 1_940_000 and c({"intercepting_ditch", "drainage_ditch"}) == 938
assert c({"greening"}) == 108_498 and len(benches) == 23
Path(__file__).resolve().parent.parent.joinpath("assets/demo/huayang2.json").write_text(
    json.dumps(out, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
print("wrote assets/demo/huayang2.json")
