import datetime
import io
import zipfile
from pathlib import PurePosixPath

import openpyxl
import pytest

from zwgk.reports.evidence_zip import INDEX_NAME, all_units_zip, evidence_zip
from zwgk.reports.sheets import EvidenceFile

UPLOADED = datetime.datetime(2022, 11, 3, 9, 30, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))


@pytest.fixture
def files(tmp_path):
    def disk(name, content):
        path = tmp_path / name
        path.write_bytes(content)
        return str(path)

    report = disk("a1.pdf", b"report")
    return [
        EvidenceFile("1", "重大行政决策事项目录", "决策目录", path=disk("x.pdf", b"catalogue"),
                     uploaded_at=UPLOADED, uploaded_by="张三"),
        EvidenceFile("1", "重大行政决策事项目录", "网站栏目", url="https://www.xunwu.gov.cn/col/1"),
        EvidenceFile("1", "重大行政决策事项目录", "../../etc/passwd", path=disk("p.txt", b"p")),
        EvidenceFile("1", "重大行政决策事项目录", "报告.pdf", path=report),
        EvidenceFile("1", "重大行政决策事项目录", "报告.PDF", path=report),
        EvidenceFile("29", "政务新媒体/更新:情况*?", "CON.txt", path=disk("c.txt", b"c"), stage="复核"),
        EvidenceFile("38", "特色工作" + "很长的指标名称" * 10, "截图", path=disk("s.png", b"png")),
    ]


@pytest.fixture
def archive(files):
    return zipfile.ZipFile(io.BytesIO(evidence_zip("澄江镇", files)))


def test_files_sit_in_one_folder_per_item_with_safe_unique_names(archive):
    assert archive.testzip() is None
    names = archive.namelist()
    folder = "第1项 重大行政决策事项目录"
    assert names[:4] == [
        f"{folder}/决策目录.pdf",
        f"{folder}/_.._etc_passwd.txt",
        f"{folder}/报告.pdf",
        f"{folder}/报告 (2).PDF",
    ]
    assert names[4] == "第29项 政务新媒体_更新_情况__/_CON.txt"
    long_folder = PurePosixPath(names[5]).parent.name
    assert long_folder.startswith("第38项 特色工作很长") and len(long_folder) <= 40
    assert names[-1] == INDEX_NAME
    assert archive.read(f"{folder}/决策目录.pdf") == b"catalogue"
    assert archive.read(f"{folder}/报告 (2).PDF") == b"report"


def test_entries_are_relative_utf8_names(archive):
    for info in archive.infolist():
        parts = PurePosixPath(info.filename).parts
        assert not info.filename.startswith("/") and ".." not in parts and "\\" not in info.filename
        assert info.flag_bits & 0x800, f"{info.filename} lacks the UTF-8 flag"


def test_links_appear_only_in_the_index(archive):
    assert not any("网站栏目" in name for name in archive.namelist())


def test_index_lists_every_file_and_link(archive, files):
    ws = openpyxl.load_workbook(io.BytesIO(archive.read(INDEX_NAME))).active
    assert ws["A1"].value == "澄江镇佐证材料目录"
    assert [c.value for c in ws[2]] == [
        "序号", "指标序号", "指标", "名称", "类型", "链接或文件路径", "上传时间", "上传人", "阶段",
    ]
    assert ws.max_row == 2 + len(files)
    first = [c.value for c in ws[3]]
    assert first == [1, "1", "重大行政决策事项目录", "决策目录", "文件",
                     "第1项 重大行政决策事项目录/决策目录.pdf", datetime.datetime(2022, 11, 3, 9, 30),
                     "张三", "自评"]
    link = [c.value for c in ws[4]]
    assert link[4:6] == ["链接", "https://www.xunwu.gov.cn/col/1"]
    assert ws["F4"].hyperlink.target == "https://www.xunwu.gov.cn/col/1"
    assert ws["D5"].value == "../../etc/passwd"
    assert ws["F8"].value == "第29项 政务新媒体_更新_情况__/_CON.txt"
    assert ws["I8"].value == "复核"
    in_zip = set(archive.namelist())
    for row in ws.iter_rows(min_row=3, values_only=True):
        if row[4] == "文件":
            assert row[5] in in_zip


def test_missing_file_is_an_error(tmp_path):
    with pytest.raises(FileNotFoundError):
        evidence_zip("澄江镇", [EvidenceFile("1", "指标", "缺失", path=str(tmp_path / "gone.pdf"))])


def test_empty_export_still_has_an_index():
    archive = zipfile.ZipFile(io.BytesIO(evidence_zip("澄江镇", [])))
    assert archive.namelist() == [INDEX_NAME]


@pytest.fixture
def units(tmp_path):
    def disk(name, content):
        path = tmp_path / name
        path.write_bytes(content)
        return str(path)

    return [
        ("澄江镇", [
            EvidenceFile("1", "重大行政决策事项目录", "决策目录", path=disk("a.pdf", b"a"),
                         uploaded_at=UPLOADED, uploaded_by="张三"),
            EvidenceFile("1", "重大行政决策事项目录", "网站栏目", url="https://www.xunwu.gov.cn/col/1"),
            EvidenceFile("2", "规划信息公开", "报告", path=disk("b.docx", b"b")),
        ]),
        # the same item and file names as 澄江镇: they stay as they are in another unit's folder
        ("晨光镇", [
            EvidenceFile("1", "重大行政决策事项目录", "决策目录", path=disk("c.pdf", b"c"), stage="复核"),
            EvidenceFile("1", "重大行政决策事项目录", "决策目录", path=disk("d.PDF", b"d")),
        ]),
        ("县政务/数据:局*", [  # Windows-unsafe characters
            EvidenceFile("7", "政务新媒体", "链接", url="http://example.org/x"),
        ]),
        ("澄江镇", [EvidenceFile("3", "政策解读", "解读", path=disk("e.txt", b"e"))]),  # a second 澄江镇
        ("CON", []),  # a device name, no evidence
        ("佐证材料目录.xlsx", []),  # would take the combined index's name
    ]


@pytest.fixture
def everything(units):
    return zipfile.ZipFile(io.BytesIO(all_units_zip(units)))


def test_all_units_a_folder_per_unit_laid_out_like_the_single_zip(everything):
    assert everything.testzip() is None
    assert everything.namelist() == [
        "澄江镇/第1项 重大行政决策事项目录/决策目录.pdf",
        "澄江镇/第2项 规划信息公开/报告.docx",
        f"澄江镇/{INDEX_NAME}",
        "晨光镇/第1项 重大行政决策事项目录/决策目录.pdf",
        "晨光镇/第1项 重大行政决策事项目录/决策目录 (2).PDF",
        f"晨光镇/{INDEX_NAME}",
        f"县政务_数据_局_/{INDEX_NAME}",
        "澄江镇 (2)/第3项 政策解读/解读.txt",
        f"澄江镇 (2)/{INDEX_NAME}",
        f"_CON/{INDEX_NAME}",
        f"佐证材料目录 (2).xlsx/{INDEX_NAME}",
        INDEX_NAME,
    ]
    assert everything.read("澄江镇/第1项 重大行政决策事项目录/决策目录.pdf") == b"a"
    assert everything.read("晨光镇/第1项 重大行政决策事项目录/决策目录.pdf") == b"c"
    assert everything.read("澄江镇 (2)/第3项 政策解读/解读.txt") == b"e"
    for info in everything.infolist():
        parts = PurePosixPath(info.filename).parts
        assert ".." not in parts and not info.filename.startswith("/") and info.flag_bits & 0x800


def test_each_unit_folder_holds_the_single_unit_zip(units, everything):
    name, files = units[0]
    single = zipfile.ZipFile(io.BytesIO(evidence_zip(name, files)))
    inside = [n.removeprefix("澄江镇/") for n in everything.namelist() if n.startswith("澄江镇/")]
    assert inside == single.namelist()
    for entry in single.namelist():
        if entry != INDEX_NAME:
            assert everything.read(f"澄江镇/{entry}") == single.read(entry)
    mine = openpyxl.load_workbook(io.BytesIO(everything.read(f"澄江镇/{INDEX_NAME}"))).active
    alone = openpyxl.load_workbook(io.BytesIO(single.read(INDEX_NAME))).active
    assert list(mine.iter_rows(values_only=True)) == list(alone.iter_rows(values_only=True))
    assert mine["A1"].value == "澄江镇佐证材料目录"


def test_combined_index_lists_every_unit_file_and_link(everything):
    ws = openpyxl.load_workbook(io.BytesIO(everything.read(INDEX_NAME))).active
    assert ws["A1"].value == "佐证材料目录"
    assert [c.value for c in ws[2]] == [
        "序号", "单位", "指标序号", "指标", "名称", "类型", "链接或文件路径", "上传时间", "上传人", "阶段",
    ]
    rows = [list(row) for row in ws.iter_rows(min_row=3, values_only=True)]
    assert [(r[0], r[1], r[5], r[6]) for r in rows] == [
        (1, "澄江镇", "文件", "澄江镇/第1项 重大行政决策事项目录/决策目录.pdf"),
        (2, "澄江镇", "链接", "https://www.xunwu.gov.cn/col/1"),
        (3, "澄江镇", "文件", "澄江镇/第2项 规划信息公开/报告.docx"),
        (4, "晨光镇", "文件", "晨光镇/第1项 重大行政决策事项目录/决策目录.pdf"),
        (5, "晨光镇", "文件", "晨光镇/第1项 重大行政决策事项目录/决策目录 (2).PDF"),
        (6, "县政务/数据:局*", "链接", "http://example.org/x"),
        (7, "澄江镇", "文件", "澄江镇 (2)/第3项 政策解读/解读.txt"),
    ]
    assert rows[0] == [1, "澄江镇", "1", "重大行政决策事项目录", "决策目录", "文件",
                       "澄江镇/第1项 重大行政决策事项目录/决策目录.pdf",
                       datetime.datetime(2022, 11, 3, 9, 30), "张三", "自评"]
    assert rows[3][9] == "复核"
    assert ws["G4"].hyperlink.target == "https://www.xunwu.gov.cn/col/1"
    assert ws["G8"].hyperlink.target == "http://example.org/x"
    assert ws["G3"].hyperlink is None
    in_zip = set(everything.namelist())
    assert all(r[6] in in_zip for r in rows if r[5] == "文件")


def test_all_units_missing_file_is_an_error(tmp_path):
    with pytest.raises(FileNotFoundError):
        all_units_zip([("澄江镇", [EvidenceFile("1", "指标", "缺失", path=str(tmp_path / "gone.pdf"))])])


def test_all_units_empty_export_still_has_an_index():
    archive = zipfile.ZipFile(io.BytesIO(all_units_zip([])))
    assert archive.namelist() == [INDEX_NAME]
