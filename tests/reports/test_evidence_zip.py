import datetime
import io
import zipfile
from pathlib import PurePosixPath

import openpyxl
import pytest

from zwgk.reports.evidence_zip import INDEX_NAME, evidence_zip
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
