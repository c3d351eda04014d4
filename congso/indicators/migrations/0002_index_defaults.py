# SPDX-License-Identifier: MIT
"""The indicators of the Decision 766 index (DOMAIN §5.2) and its grades, as editable rows.

Group maxima are those published (18/20/22/22/18); the split inside a group is an
assumption until the province enters the official annex. Caps are those of §5.1.
"""

from decimal import Decimal

from django.db import migrations

INDICATORS = [
    ("1.1", 1, "TTHC công bố đúng hạn", "4.5", "100"),
    ("1.2", 1, "TTHC cập nhật, công khai đúng hạn trên CSDL", "4.5", "100"),
    ("1.3", 1, "TTHC công khai đầy đủ các bộ phận", "4.5", "100"),
    ("1.4", 1, "Hồ sơ đồng bộ lên Cổng DVCQG", "4.5", "100"),
    ("2.1", 2, "Hồ sơ xử lý trước hạn, đúng hạn", "20", "100"),
    ("3.1", 3, "TTHC cung cấp dịch vụ công trực tuyến", "4", "80"),
    ("3.2", 3, "Dịch vụ công trực tuyến có phát sinh hồ sơ", "4", "100"),
    ("3.3", 3, "Hồ sơ nộp trực tuyến", "4", "50"),
    ("3.5", 3, "TTHC có nghĩa vụ tài chính được tích hợp thanh toán trực tuyến", "5", "80"),
    ("3.6", 3, "Hồ sơ thanh toán trực tuyến", "5", "100"),
    ("4.1", 4, "Hồ sơ có cấp kết quả điện tử", "4.4", "100"),
    ("4.2", 4, "Hồ sơ thực hiện số hóa", "4.4", "80"),
    ("4.3", 4, "Khai thác, sử dụng lại dữ liệu số hóa", "4.4", "80"),
    ("4.4", 4, "Hồ sơ số hóa có kết nối, chia sẻ dữ liệu", "4.4", "100"),
    ("4.5", 4, "Ứng dụng dữ liệu dân cư (tài khoản VNeID)", "4.4", "100"),
    ("5.1", 5, "Phản ánh, kiến nghị theo phân loại", "4.5", "100"),
    ("5.2", 5, "Tiến độ xử lý phản ánh, kiến nghị", "4.5", "100"),
    ("5.3", 5, "Hài lòng trong xử lý phản ánh, kiến nghị", "4.5", "100"),
    ("5.4", 5, "Hài lòng trong tiếp nhận, giải quyết TTHC", "4.5", "90"),
]
GRADES = [("Xuất sắc", "90"), ("Tốt", "80"), ("Khá", "70"), ("Trung bình", "50"), ("Yếu", "0")]


def seed(apps, schema_editor):
    IndexIndicator = apps.get_model("indicators", "IndexIndicator")
    IndexGrade = apps.get_model("indicators", "IndexGrade")
    for code, group, name, points, cap in INDICATORS:
        IndexIndicator.objects.get_or_create(
            code=code,
            defaults={
                "group": group,
                "name": name,
                "points": Decimal(points),
                "cap_percent": Decimal(cap),
            },
        )
    for label, minimum in GRADES:
        IndexGrade.objects.get_or_create(label=label, defaults={"min_points": Decimal(minimum)})


class Migration(migrations.Migration):
    dependencies = [("indicators", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
