# SPDX-License-Identifier: MIT
"""DEMO procedures: culture, performing arts, heritage, sports, tourism, press and publishing.

Entry keys are described in `congso.demo.catalog_data`.
"""
# ruff: noqa: E501

KARAOKE_FEES = [
    ["Phí thẩm định cấp giấy phép kinh doanh karaoke (từ 01 đến 03 phòng)", 4000000],
    ["Phí thẩm định cấp giấy phép kinh doanh karaoke (từ 04 đến 05 phòng)", 6000000],
    ["Phí thẩm định cấp giấy phép kinh doanh karaoke (từ 06 phòng trở lên)", 12000000],
]
SPORT_FEE = [
    ["Phí thẩm định cấp Giấy chứng nhận đủ điều kiện kinh doanh hoạt động thể thao", 1000000]
]
SPORT_DOCS = [
    [
        "Đơn đề nghị cấp Giấy chứng nhận đủ điều kiện kinh doanh hoạt động thể thao",
        1,
        0,
        "Mẫu ban hành kèm theo Nghị định số 36/2019/NĐ-CP",
    ],
    [
        "Bản tóm tắt tình hình chuẩn bị các điều kiện kinh doanh hoạt động thể thao (cơ sở vật chất, trang thiết bị, nhân viên chuyên môn)",
        1,
        0,
    ],
    ["Bản sao văn bằng, chứng chỉ, giấy chứng nhận chuyên môn của nhân viên chuyên môn", 0, 1],
]
GUIDE_DOCS = [
    [
        "Đơn đề nghị cấp thẻ hướng dẫn viên du lịch",
        1,
        0,
        "Mẫu ban hành kèm theo Thông tư của Bộ Văn hóa, Thể thao và Du lịch",
    ],
    ["Sơ yếu lý lịch có xác nhận của UBND cấp xã hoặc cơ quan, tổ chức", 1, 0],
    [
        "Bản sao văn bằng, chứng chỉ nghiệp vụ hướng dẫn du lịch và chứng chỉ ngoại ngữ (đối với hướng dẫn viên quốc tế)",
        0,
        1,
    ],
    [
        "Giấy chứng nhận sức khỏe do cơ sở khám bệnh, chữa bệnh có thẩm quyền cấp trong thời hạn 06 tháng",
        1,
        0,
    ],
    ["Ảnh chân dung màu cỡ 3cm x 4cm", 2, 0],
]
TRAVEL_DOCS = [
    [
        "Đơn đề nghị cấp giấy phép kinh doanh dịch vụ lữ hành",
        1,
        0,
        "Mẫu ban hành kèm theo Thông tư của Bộ Văn hóa, Thể thao và Du lịch",
    ],
    ["Giấy chứng nhận ký quỹ kinh doanh dịch vụ lữ hành", 1, 0],
    [
        "Bản sao văn bằng, chứng chỉ chuyên ngành lữ hành của người phụ trách kinh doanh dịch vụ lữ hành",
        0,
        1,
    ],
    [
        "Bản sao quyết định bổ nhiệm hoặc hợp đồng lao động giữa doanh nghiệp với người phụ trách kinh doanh dịch vụ lữ hành",
        0,
        1,
    ],
]
SPORTS = [
    ("Bơi, Lặn", "swimming and diving"),
    ("Võ cổ truyền, Vovinam", "traditional martial arts and Vovinam"),
    ("Yoga", "yoga"),
    ("Golf", "golf"),
    ("Thể dục thể hình và Fitness", "bodybuilding and fitness"),
    ("Quần vợt", "tennis"),
    ("Bóng đá", "football"),
    ("Billiards & Snooker", "billiards and snooker"),
    ("Taekwondo", "taekwondo"),
    ("Khiêu vũ thể thao", "dancesport"),
    ("Mô tô nước trên biển", "jet-skiing at sea"),
    ("Lặn biển thể thao giải trí", "recreational scuba diving"),
]

PROCEDURES = {
    "van_hoa": [
        {
            "name": "Cấp Giấy phép đủ điều kiện kinh doanh dịch vụ karaoke",
            "en": "Licences for karaoke businesses",
            "lv": "commune",
            "time": 5,
            "laws": ["tt_01_2021_btc"],
            "fees": KARAOKE_FEES,
            "docs": [
                [
                    "Đơn đề nghị cấp Giấy phép đủ điều kiện kinh doanh dịch vụ karaoke",
                    1,
                    0,
                    "Mẫu ban hành kèm theo Nghị định số 54/2019/NĐ-CP",
                ],
                [
                    "Bản sao Giấy chứng nhận đăng ký doanh nghiệp hoặc Giấy chứng nhận đăng ký hộ kinh doanh (trường hợp chưa có dữ liệu điện tử)",
                    0,
                    1,
                ],
            ],
            "res": "Giấy phép đủ điều kiện kinh doanh dịch vụ karaoke",
            "cond": "Phòng hát có diện tích sử dụng từ 20m2 trở lên, không kể công trình phụ; không được đặt chốt cửa bên trong hoặc thiết bị báo động; bảo đảm điều kiện về phòng cháy và chữa cháy.",
        },
        {
            "name": "Cấp Giấy phép điều chỉnh Giấy phép đủ điều kiện kinh doanh dịch vụ karaoke",
            "en": "Amendment of karaoke business licences",
            "lv": "commune",
            "time": 4,
            "laws": ["tt_01_2021_btc"],
            "fees": [
                ["Phí thẩm định điều chỉnh giấy phép khi tăng thêm phòng", 2000000, "per_item"]
            ],
            "docs": [
                [
                    "Đơn đề nghị điều chỉnh Giấy phép đủ điều kiện kinh doanh dịch vụ karaoke",
                    1,
                    0,
                    "Mẫu ban hành kèm theo Nghị định số 54/2019/NĐ-CP",
                ],
                ["Bản sao Giấy phép đủ điều kiện kinh doanh dịch vụ karaoke đã được cấp", 0, 1],
            ],
            "res": "Giấy phép điều chỉnh Giấy phép đủ điều kiện kinh doanh dịch vụ karaoke",
        },
        {
            "name": "Cấp Giấy phép đủ điều kiện kinh doanh dịch vụ vũ trường",
            "en": "Licences for dance club businesses",
            "lv": "province",
            "time": 5,
            "laws": ["tt_01_2021_btc"],
            "fees": [["Phí thẩm định cấp giấy phép kinh doanh vũ trường", 15000000]],
            "docs": [
                [
                    "Đơn đề nghị cấp Giấy phép đủ điều kiện kinh doanh dịch vụ vũ trường",
                    1,
                    0,
                    "Mẫu ban hành kèm theo Nghị định số 54/2019/NĐ-CP",
                ],
                [
                    "Bản sao Giấy chứng nhận đăng ký doanh nghiệp (trường hợp chưa có dữ liệu điện tử)",
                    0,
                    1,
                ],
            ],
            "res": "Giấy phép đủ điều kiện kinh doanh dịch vụ vũ trường",
        },
        {
            "name": "Cấp Giấy phép điều chỉnh Giấy phép đủ điều kiện kinh doanh dịch vụ vũ trường",
            "en": "Amendment of dance club business licences",
            "lv": "province",
            "time": 4,
            "laws": ["tt_01_2021_btc"],
            "fees": [["Phí thẩm định điều chỉnh giấy phép kinh doanh vũ trường", 500000]],
            "docs": [
                [
                    "Đơn đề nghị điều chỉnh Giấy phép đủ điều kiện kinh doanh dịch vụ vũ trường",
                    1,
                    0,
                ],
                ["Bản sao Giấy phép đã được cấp", 0, 1],
            ],
            "res": "Giấy phép điều chỉnh Giấy phép đủ điều kiện kinh doanh dịch vụ vũ trường",
        },
        {
            "name": "Đăng ký tổ chức lễ hội cấp tỉnh",
            "en": "Registration of provincial festivals",
            "lv": "province",
            "ol": "partial",
            "time": 15,
            "subj": ["Cơ quan, tổ chức", "Ban quản lý di tích"],
            "docs": [
                [
                    "Văn bản đăng ký tổ chức lễ hội",
                    1,
                    0,
                    "Mẫu ban hành kèm theo Nghị định số 110/2018/NĐ-CP",
                ],
                ["Kế hoạch tổ chức lễ hội, chương trình, thời gian và địa điểm", 1, 0],
                ["Phương án bảo đảm an ninh, trật tự, an toàn, vệ sinh môi trường", 1, 0],
            ],
            "res": "Văn bản chấp thuận đăng ký tổ chức lễ hội",
        },
        {
            "name": "Thông báo tổ chức lễ hội cấp xã",
            "en": "Notice of commune festivals",
            "lv": "commune",
            "time": 5,
            "subj": ["Cơ quan, tổ chức", "Ban quản lý di tích", "Cộng đồng dân cư"],
            "docs": [
                [
                    "Văn bản thông báo tổ chức lễ hội",
                    1,
                    0,
                    "Mẫu ban hành kèm theo Nghị định số 110/2018/NĐ-CP",
                ],
                ["Chương trình, thời gian, địa điểm tổ chức lễ hội", 1, 0],
            ],
            "res": "Xác nhận tiếp nhận thông báo tổ chức lễ hội",
        },
        {
            "name": "Xét tặng danh hiệu Gia đình văn hóa",
            "en": "Award of the cultured family title",
            "lv": "commune",
            "ol": "none",
            "postal": False,
            "time": 15,
            "subj": ["Hộ gia đình"],
            "laws": ["luat_tdkt"],
            "docs": [
                ["Bản đăng ký xây dựng gia đình văn hóa", 1, 0],
                ["Biên bản bình xét của thôn, tổ dân phố", 1, 0],
            ],
            "res": "Quyết định công nhận danh hiệu Gia đình văn hóa",
        },
        {
            "name": "Thông báo sản phẩm quảng cáo trên bảng quảng cáo, băng-rôn",
            "en": "Notice of advertisements on billboards and banners",
            "lv": "province",
            "time": 5,
            "laws": ["luat_quang_cao"],
            "subj": [
                "Doanh nghiệp",
                "Hộ kinh doanh",
                "Tổ chức (không bao gồm doanh nghiệp, hợp tác xã)",
            ],
            "docs": [
                ["Văn bản thông báo sản phẩm quảng cáo", 1, 0],
                ["Maket sản phẩm quảng cáo in màu có chữ ký của tổ chức, cá nhân quảng cáo", 1, 0],
                [
                    "Bản sao giấy tờ chứng minh sự hợp chuẩn, hợp quy của sản phẩm, hàng hóa (nếu có)",
                    0,
                    1,
                ],
            ],
            "res": "Xác nhận tiếp nhận thông báo sản phẩm quảng cáo",
        },
        {
            "name": "Thông báo thành lập thư viện đối với thư viện cộng đồng",
            "en": "Notice of establishment of community libraries",
            "lv": "commune",
            "time": 5,
            "laws": ["luat_thu_vien"],
            "subj": ["Công dân Việt Nam", "Cộng đồng dân cư"],
            "docs": [
                ["Văn bản thông báo thành lập thư viện", 1, 0],
                ["Danh mục tài nguyên thông tin và thông tin về cơ sở vật chất của thư viện", 1, 0],
            ],
            "res": "Văn bản xác nhận thông báo thành lập thư viện",
        },
    ],
    "nghe_thuat": [
        {
            "name": "Tiếp nhận thông báo tổ chức biểu diễn nghệ thuật trên địa bàn quản lý",
            "en": "Notice of performing arts events",
            "lv": "province",
            "time": 5,
            "docs": [
                [
                    "Văn bản thông báo tổ chức biểu diễn nghệ thuật",
                    1,
                    0,
                    "Mẫu ban hành kèm theo Nghị định số 144/2020/NĐ-CP",
                ],
                ["Chương trình, thời gian, địa điểm biểu diễn", 1, 0],
            ],
            "res": "Xác nhận tiếp nhận thông báo tổ chức biểu diễn nghệ thuật",
        },
        {
            "name": "Tổ chức cuộc thi, liên hoan trên địa bàn quản lý",
            "en": "Approval of performing arts competitions and festivals",
            "lv": "province",
            "ol": "partial",
            "time": 5,
            "docs": [
                [
                    "Văn bản đề nghị tổ chức cuộc thi, liên hoan",
                    1,
                    0,
                    "Mẫu ban hành kèm theo Nghị định số 144/2020/NĐ-CP",
                ],
                ["Đề án tổ chức cuộc thi, liên hoan", 1, 0],
                ["Quy chế cuộc thi, liên hoan", 1, 0],
            ],
            "res": "Văn bản chấp thuận tổ chức cuộc thi, liên hoan",
        },
        {
            "name": "Tổ chức cuộc thi người đẹp, người mẫu",
            "en": "Approval of beauty and model contests",
            "lv": "province",
            "ol": "partial",
            "time": 15,
            "docs": [
                [
                    "Văn bản đề nghị tổ chức cuộc thi",
                    1,
                    0,
                    "Mẫu ban hành kèm theo Nghị định số 144/2020/NĐ-CP",
                ],
                ["Đề án tổ chức cuộc thi", 1, 0],
                ["Thể lệ cuộc thi", 1, 0],
            ],
            "res": "Văn bản chấp thuận tổ chức cuộc thi người đẹp, người mẫu",
        },
    ],
    "di_san": [
        {
            "name": "Cấp phép cho người Việt Nam định cư ở nước ngoài, tổ chức, cá nhân nước ngoài tiến hành nghiên cứu, sưu tầm tư liệu về di sản văn hóa phi vật thể tại địa phương",
            "en": "Permits for foreign researchers to study intangible cultural heritage",
            "lv": "province",
            "time": 15,
            "subj": ["Người nước ngoài", "Người Việt Nam định cư ở nước ngoài"],
            "docs": [
                [
                    "Đơn đề nghị cấp phép nghiên cứu, sưu tầm tư liệu về di sản văn hóa phi vật thể",
                    1,
                    0,
                ],
                ["Văn bản giới thiệu của cơ quan, tổ chức Việt Nam hợp tác nghiên cứu", 1, 0],
                ["Kế hoạch nghiên cứu, sưu tầm", 1, 0],
            ],
            "res": "Giấy phép nghiên cứu, sưu tầm tư liệu về di sản văn hóa phi vật thể",
        },
        {
            "name": "Cấp chứng chỉ hành nghề tu bổ di tích",
            "en": "Practising certificates for monument restoration",
            "lv": "province",
            "time": 15,
            "subj": ["Công dân Việt Nam"],
            "docs": [
                ["Đơn đề nghị cấp chứng chỉ hành nghề tu bổ di tích", 1, 0],
                ["Bản sao văn bằng chuyên môn", 0, 1],
                ["Bản khai kinh nghiệm thực hiện công việc tu bổ di tích", 1, 0],
                ["Ảnh màu cỡ 4cm x 6cm", 2, 0],
            ],
            "res": "Chứng chỉ hành nghề tu bổ di tích",
        },
        {
            "name": "Cấp giấy phép hoạt động bảo tàng ngoài công lập",
            "en": "Operating licences for private museums",
            "lv": "province",
            "time": [30, "day"],
            "subj": ["Tổ chức (không bao gồm doanh nghiệp, hợp tác xã)", "Công dân Việt Nam"],
            "docs": [
                ["Đơn đề nghị cấp giấy phép hoạt động bảo tàng", 1, 0],
                ["Bản kê khai hiện vật, tài liệu hiện có của bảo tàng", 1, 0],
                ["Giấy tờ chứng minh trụ sở, kho bảo quản và nhân sự chuyên môn", 0, 1],
            ],
            "res": "Giấy phép hoạt động bảo tàng",
        },
        {
            "name": "Đăng ký di vật, cổ vật, bảo vật quốc gia",
            "en": "Registration of relics, antiquities and national treasures",
            "lv": "province",
            "time": 15,
            "subj": ["Công dân Việt Nam", "Tổ chức (không bao gồm doanh nghiệp, hợp tác xã)"],
            "docs": [
                ["Đơn đề nghị đăng ký di vật, cổ vật, bảo vật quốc gia", 1, 0],
                ["Ảnh màu hiện vật và bản mô tả hiện vật", 1, 0],
                ["Tài liệu chứng minh nguồn gốc hợp pháp của hiện vật (nếu có)", 0, 1],
            ],
            "res": "Giấy chứng nhận đăng ký di vật, cổ vật, bảo vật quốc gia",
        },
        {
            "name": "Thẩm định dự án, báo cáo kinh tế - kỹ thuật tu bổ, phục hồi di tích",
            "en": "Appraisal of monument restoration projects",
            "lv": "province",
            "time": [30, "day"],
            "subj": ["Chủ đầu tư", "Ban quản lý di tích"],
            "docs": [
                ["Văn bản đề nghị thẩm định dự án tu bổ, phục hồi di tích", 1, 0],
                ["Hồ sơ dự án hoặc báo cáo kinh tế - kỹ thuật tu bổ, phục hồi di tích", 1, 0],
                ["Hồ sơ khảo sát, đánh giá hiện trạng di tích", 1, 0],
            ],
            "res": "Văn bản thẩm định dự án tu bổ, phục hồi di tích",
        },
    ],
    "the_thao": [
        *[
            {
                "name": f"Cấp Giấy chứng nhận đủ điều kiện kinh doanh hoạt động thể thao đối với môn {sport}",
                "en": f"Certificates of eligibility for {sport_en} businesses",
                "lv": "province",
                "time": 7,
                "fees": SPORT_FEE,
                "docs": SPORT_DOCS,
                "res": "Giấy chứng nhận đủ điều kiện kinh doanh hoạt động thể thao",
            }
            for sport, sport_en in SPORTS
        ],
        {
            "name": "Cấp lại Giấy chứng nhận đủ điều kiện kinh doanh hoạt động thể thao",
            "en": "Re-issuance of sports business eligibility certificates",
            "lv": "province",
            "time": 5,
            "docs": [
                [
                    "Đơn đề nghị cấp lại Giấy chứng nhận",
                    1,
                    0,
                    "Mẫu ban hành kèm theo Nghị định số 36/2019/NĐ-CP",
                ],
                ["Giấy chứng nhận đã được cấp (trường hợp bị hư hỏng)", 1, 0],
            ],
            "res": "Giấy chứng nhận đủ điều kiện kinh doanh hoạt động thể thao (cấp lại)",
        },
        {
            "name": "Đăng cai tổ chức giải thi đấu vô địch từng môn thể thao của tỉnh, thành phố trực thuộc Trung ương",
            "en": "Hosting provincial sports championships",
            "lv": "province",
            "ol": "partial",
            "time": 10,
            "subj": ["Liên đoàn, hiệp hội thể thao", "Doanh nghiệp"],
            "docs": [
                ["Văn bản đề nghị đăng cai tổ chức giải thi đấu", 1, 0],
                ["Điều lệ giải thi đấu", 1, 0],
                ["Phương án bảo đảm an ninh, trật tự, y tế", 1, 0],
            ],
            "res": "Quyết định cho phép đăng cai tổ chức giải thi đấu",
        },
    ],
    "du_lich": [
        {
            "name": "Cấp giấy phép kinh doanh dịch vụ lữ hành nội địa",
            "en": "Domestic travel business licences",
            "lv": "province",
            "time": 10,
            "fees": [["Phí thẩm định cấp giấy phép kinh doanh dịch vụ lữ hành nội địa", 3000000]],
            "docs": TRAVEL_DOCS,
            "res": "Giấy phép kinh doanh dịch vụ lữ hành nội địa",
        },
        {
            "name": "Cấp đổi giấy phép kinh doanh dịch vụ lữ hành nội địa",
            "en": "Exchange of domestic travel business licences",
            "lv": "province",
            "time": 5,
            "fees": [
                ["Phí thẩm định cấp đổi giấy phép kinh doanh dịch vụ lữ hành nội địa", 2000000]
            ],
            "docs": [
                ["Đơn đề nghị cấp đổi giấy phép kinh doanh dịch vụ lữ hành", 1, 0],
                ["Giấy phép kinh doanh dịch vụ lữ hành đã được cấp", 1, 0],
            ],
            "res": "Giấy phép kinh doanh dịch vụ lữ hành nội địa (cấp đổi)",
        },
        {
            "name": "Cấp lại giấy phép kinh doanh dịch vụ lữ hành nội địa",
            "en": "Re-issuance of domestic travel business licences",
            "lv": "province",
            "time": 5,
            "fees": [
                ["Phí thẩm định cấp lại giấy phép kinh doanh dịch vụ lữ hành nội địa", 1500000]
            ],
            "docs": [
                ["Đơn đề nghị cấp lại giấy phép kinh doanh dịch vụ lữ hành", 1, 0],
                ["Giấy phép đã được cấp (trường hợp bị hư hỏng)", 1, 0],
            ],
            "res": "Giấy phép kinh doanh dịch vụ lữ hành nội địa (cấp lại)",
        },
        {
            "name": "Thu hồi giấy phép kinh doanh dịch vụ lữ hành nội địa trong trường hợp doanh nghiệp chấm dứt hoạt động kinh doanh dịch vụ lữ hành",
            "en": "Withdrawal of domestic travel licences when the enterprise stops the business",
            "lv": "province",
            "time": [30, "day"],
            "docs": [
                ["Thông báo chấm dứt hoạt động kinh doanh dịch vụ lữ hành", 1, 0],
                ["Giấy phép kinh doanh dịch vụ lữ hành đã được cấp", 1, 0],
            ],
            "res": "Quyết định thu hồi giấy phép kinh doanh dịch vụ lữ hành nội địa",
        },
        {
            "name": "Cấp thẻ hướng dẫn viên du lịch quốc tế",
            "en": "International tour guide cards",
            "lv": "province",
            "time": 10,
            "fees": [["Phí thẩm định cấp thẻ hướng dẫn viên du lịch", 650000]],
            "docs": GUIDE_DOCS,
            "res": "Thẻ hướng dẫn viên du lịch quốc tế",
        },
        {
            "name": "Cấp thẻ hướng dẫn viên du lịch nội địa",
            "en": "Domestic tour guide cards",
            "lv": "province",
            "time": 10,
            "fees": [["Phí thẩm định cấp thẻ hướng dẫn viên du lịch", 650000]],
            "docs": GUIDE_DOCS[:3] + GUIDE_DOCS[4:],
            "res": "Thẻ hướng dẫn viên du lịch nội địa",
        },
        {
            "name": "Cấp thẻ hướng dẫn viên du lịch tại điểm",
            "en": "On-site tour guide cards",
            "lv": "province",
            "time": 10,
            "fees": [["Phí thẩm định cấp thẻ hướng dẫn viên du lịch tại điểm", 200000]],
            "docs": [
                ["Đơn đề nghị cấp thẻ hướng dẫn viên du lịch tại điểm", 1, 0],
                ["Giấy chứng nhận sức khỏe", 1, 0],
                ["Ảnh chân dung màu cỡ 3cm x 4cm", 2, 0],
            ],
            "res": "Thẻ hướng dẫn viên du lịch tại điểm",
            "cond": "Đạt yêu cầu kiểm tra nghiệp vụ hướng dẫn du lịch tại điểm do Sở Du lịch tổ chức.",
        },
        {
            "name": "Cấp đổi thẻ hướng dẫn viên du lịch quốc tế, thẻ hướng dẫn viên du lịch nội địa",
            "en": "Exchange of international and domestic tour guide cards",
            "lv": "province",
            "time": 10,
            "fees": [["Phí thẩm định cấp đổi thẻ hướng dẫn viên du lịch", 650000]],
            "docs": [
                ["Đơn đề nghị cấp đổi thẻ hướng dẫn viên du lịch", 1, 0],
                ["Giấy chứng nhận sức khỏe", 1, 0],
                ["Bản sao giấy chứng nhận đã qua khóa cập nhật kiến thức", 0, 1],
                ["Ảnh chân dung màu cỡ 3cm x 4cm", 2, 0],
            ],
            "res": "Thẻ hướng dẫn viên du lịch (cấp đổi)",
        },
        {
            "name": "Cấp lại thẻ hướng dẫn viên du lịch",
            "en": "Re-issuance of tour guide cards",
            "lv": "province",
            "time": 10,
            "fees": [["Phí thẩm định cấp lại thẻ hướng dẫn viên du lịch", 650000]],
            "docs": [
                ["Đơn đề nghị cấp lại thẻ hướng dẫn viên du lịch", 1, 0],
                ["Ảnh chân dung màu cỡ 3cm x 4cm", 2, 0],
            ],
            "res": "Thẻ hướng dẫn viên du lịch (cấp lại)",
        },
        {
            "name": "Công nhận hạng cơ sở lưu trú du lịch: hạng 1 sao, 2 sao đối với khách sạn, biệt thự du lịch, căn hộ du lịch, tàu thủy lưu trú du lịch",
            "en": "Star rating (1–2 stars) of tourist accommodation",
            "lv": "province",
            "ol": "partial",
            "time": [30, "day"],
            "fees": [
                ["Phí thẩm định công nhận hạng cơ sở lưu trú du lịch hạng 1 sao, 2 sao", 1500000]
            ],
            "docs": [
                ["Đơn đề nghị công nhận hạng cơ sở lưu trú du lịch", 1, 0],
                ["Biểu đánh giá chất lượng cơ sở lưu trú du lịch theo tiêu chuẩn quốc gia", 1, 0],
                ["Danh sách người quản lý và nhân viên kèm văn bằng, chứng chỉ", 1, 0],
            ],
            "res": "Quyết định công nhận hạng cơ sở lưu trú du lịch",
        },
        {
            "name": "Công nhận cơ sở kinh doanh dịch vụ ăn uống đạt tiêu chuẩn phục vụ khách du lịch",
            "en": "Recognition of restaurants meeting tourist service standards",
            "lv": "province",
            "ol": "partial",
            "time": 15,
            "fees": [
                ["Phí thẩm định công nhận cơ sở kinh doanh dịch vụ du lịch đạt tiêu chuẩn", 1000000]
            ],
            "docs": [
                ["Đơn đề nghị công nhận cơ sở đạt tiêu chuẩn phục vụ khách du lịch", 1, 0],
                ["Bản tự đánh giá theo tiêu chuẩn", 1, 0],
            ],
            "res": "Quyết định công nhận và biển hiệu đạt tiêu chuẩn phục vụ khách du lịch",
        },
        {
            "name": "Công nhận điểm du lịch",
            "en": "Recognition of tourist spots",
            "lv": "province",
            "ol": "none",
            "ag": "ubnd",
            "coord": ["so_du_lich"],
            "time": [30, "day"],
            "subj": ["Tổ chức quản lý điểm du lịch", "Doanh nghiệp"],
            "docs": [
                ["Đơn đề nghị công nhận điểm du lịch", 1, 0],
                ["Bản thuyết minh về điểm du lịch đáp ứng điều kiện công nhận", 1, 0],
            ],
            "res": "Quyết định công nhận điểm du lịch",
        },
        {
            "name": "Công nhận khu du lịch cấp tỉnh",
            "en": "Recognition of provincial tourist areas",
            "lv": "province",
            "ol": "none",
            "ag": "ubnd",
            "coord": ["so_du_lich"],
            "time": [60, "day"],
            "subj": ["Tổ chức quản lý khu du lịch"],
            "docs": [
                ["Đơn đề nghị công nhận khu du lịch cấp tỉnh", 1, 0],
                ["Báo cáo thuyết minh về khu du lịch", 1, 0],
                ["Bản sao quyết định phê duyệt quy hoạch khu du lịch", 0, 1],
            ],
            "res": "Quyết định công nhận khu du lịch cấp tỉnh",
        },
    ],
    "xuat_ban": [
        {
            "name": "Cấp giấy phép hoạt động in",
            "en": "Printing operation licences",
            "lv": "province",
            "ol": "partial",
            "time": 15,
            "subj": ["Cơ sở in", "Doanh nghiệp"],
            "docs": [
                [
                    "Đơn đề nghị cấp giấy phép hoạt động in",
                    1,
                    0,
                    "Mẫu ban hành kèm theo Nghị định số 60/2014/NĐ-CP",
                ],
                ["Bản sao giấy tờ chứng minh quyền sở hữu hoặc thuê thiết bị in", 0, 1],
                ["Sơ yếu lý lịch và văn bằng của người đứng đầu cơ sở in", 1, 0],
            ],
            "res": "Giấy phép hoạt động in",
        },
        {
            "name": "Đăng ký hoạt động cơ sở in",
            "en": "Registration of printing establishments",
            "lv": "province",
            "time": 5,
            "subj": ["Cơ sở in"],
            "docs": [
                [
                    "Tờ khai đăng ký hoạt động cơ sở in",
                    1,
                    0,
                    "Mẫu ban hành kèm theo Nghị định số 60/2014/NĐ-CP",
                ],
                ["Bản sao giấy tờ chứng minh thiết bị in hợp pháp", 0, 1],
            ],
            "res": "Giấy xác nhận đăng ký hoạt động cơ sở in",
        },
        {
            "name": "Cấp giấy phép xuất bản tài liệu không kinh doanh",
            "en": "Licences for non-commercial publications",
            "lv": "province",
            "time": 10,
            "subj": ["Cơ quan, tổ chức", "Doanh nghiệp"],
            "docs": [
                ["Đơn đề nghị cấp giấy phép xuất bản tài liệu không kinh doanh", 1, 0],
                ["Bản thảo tài liệu (02 bản) hoặc tệp điện tử", 2, 0],
            ],
            "res": "Giấy phép xuất bản tài liệu không kinh doanh",
        },
        {
            "name": "Cấp giấy phép nhập khẩu xuất bản phẩm không kinh doanh",
            "en": "Import licences for non-commercial publications",
            "lv": "province",
            "time": 7,
            "subj": ["Cơ quan, tổ chức", "Công dân Việt Nam"],
            "docs": [
                ["Đơn đề nghị cấp giấy phép nhập khẩu xuất bản phẩm không kinh doanh", 1, 0],
                ["Danh mục xuất bản phẩm nhập khẩu", 1, 0],
            ],
            "res": "Giấy phép nhập khẩu xuất bản phẩm không kinh doanh",
        },
        {
            "name": "Cấp giấy phép tổ chức triển lãm, hội chợ xuất bản phẩm",
            "en": "Licences for book fairs and publication exhibitions",
            "lv": "province",
            "time": 10,
            "subj": ["Cơ quan, tổ chức", "Doanh nghiệp"],
            "docs": [
                ["Đơn đề nghị cấp giấy phép tổ chức triển lãm, hội chợ xuất bản phẩm", 1, 0],
                ["Danh mục xuất bản phẩm trưng bày", 1, 0],
            ],
            "res": "Giấy phép tổ chức triển lãm, hội chợ xuất bản phẩm",
        },
        {
            "name": "Đăng ký hoạt động phát hành xuất bản phẩm",
            "en": "Registration of publication distribution",
            "lv": "province",
            "time": 10,
            "subj": ["Doanh nghiệp", "Hộ kinh doanh"],
            "docs": [
                ["Bản đăng ký hoạt động phát hành xuất bản phẩm", 1, 0],
                [
                    "Bản sao Giấy chứng nhận đăng ký doanh nghiệp (trường hợp chưa có dữ liệu điện tử)",
                    0,
                    1,
                ],
            ],
            "res": "Giấy xác nhận đăng ký hoạt động phát hành xuất bản phẩm",
        },
    ],
    "thong_tin_dien_tu": [
        {
            "name": "Cấp giấy phép xuất bản bản tin",
            "en": "Licences for publishing newsletters",
            "lv": "province",
            "time": 15,
            "docs": [
                [
                    "Đơn đề nghị cấp giấy phép xuất bản bản tin",
                    1,
                    0,
                    "Mẫu ban hành kèm theo Thông tư của Bộ Văn hóa, Thể thao và Du lịch",
                ],
                ["Sơ yếu lý lịch của người chịu trách nhiệm xuất bản bản tin", 1, 0],
                ["Mẫu trình bày tên bản tin", 1, 0],
            ],
            "res": "Giấy phép xuất bản bản tin",
        },
        {
            "name": "Cấp văn bản chấp thuận thay đổi nội dung giấy phép xuất bản bản tin",
            "en": "Approval of changes to newsletter licences",
            "lv": "province",
            "time": 7,
            "docs": [
                ["Văn bản đề nghị thay đổi nội dung giấy phép xuất bản bản tin", 1, 0],
                ["Bản sao giấy phép xuất bản bản tin đã được cấp", 0, 1],
            ],
            "res": "Văn bản chấp thuận thay đổi nội dung giấy phép",
        },
        {
            "name": "Cấp giấy phép thiết lập trang thông tin điện tử tổng hợp",
            "en": "Licences for general information websites",
            "lv": "province",
            "ol": "partial",
            "time": 10,
            "laws": ["nd_147_2024"],
            "docs": [
                [
                    "Đơn đề nghị cấp giấy phép thiết lập trang thông tin điện tử tổng hợp",
                    1,
                    0,
                    "Mẫu ban hành kèm theo Nghị định số 147/2024/NĐ-CP",
                ],
                ["Đề án hoạt động có chữ ký, dấu của người đứng đầu tổ chức, doanh nghiệp", 1, 0],
                ["Văn bản chấp thuận của các tổ chức cung cấp nguồn tin", 0, 1],
            ],
            "res": "Giấy phép thiết lập trang thông tin điện tử tổng hợp",
        },
        {
            "name": "Cấp giấy phép trưng bày tranh, ảnh và các hình thức thông tin khác bên ngoài trụ sở cơ quan đại diện nước ngoài, tổ chức nước ngoài",
            "en": "Permits to display pictures and other information outside foreign missions' premises",
            "lv": "province",
            "ol": "partial",
            "time": 7,
            "subj": ["Cơ quan đại diện nước ngoài", "Tổ chức nước ngoài"],
            "docs": [
                ["Đơn đề nghị cấp giấy phép trưng bày", 1, 0],
                ["Nội dung, hình thức, vị trí trưng bày", 1, 0],
            ],
            "res": "Giấy phép trưng bày",
        },
    ],
    "buu_chinh": [
        {
            "name": "Cấp giấy phép bưu chính",
            "en": "Postal licences",
            "lv": "province",
            "time": 20,
            "fee_note": "Phí thẩm định điều kiện hoạt động bưu chính theo biểu phí của Bộ Tài chính",
            "docs": [
                ["Đơn đề nghị cấp giấy phép bưu chính", 1, 0],
                [
                    "Bản sao Giấy chứng nhận đăng ký doanh nghiệp (trường hợp chưa có dữ liệu điện tử)",
                    0,
                    1,
                ],
                ["Kế hoạch kinh doanh", 1, 0],
                ["Mẫu hợp đồng cung ứng và sử dụng dịch vụ bưu chính", 1, 0],
            ],
            "res": "Giấy phép bưu chính",
        },
        {
            "name": "Sửa đổi, bổ sung giấy phép bưu chính",
            "en": "Amendment of postal licences",
            "lv": "province",
            "time": 10,
            "docs": [
                ["Đơn đề nghị sửa đổi, bổ sung giấy phép bưu chính", 1, 0],
                ["Tài liệu liên quan đến nội dung sửa đổi, bổ sung", 0, 1],
            ],
            "res": "Giấy phép bưu chính (sửa đổi, bổ sung)",
        },
        {
            "name": "Cấp văn bản xác nhận thông báo hoạt động bưu chính",
            "en": "Confirmation of postal activity notices",
            "lv": "province",
            "time": 7,
            "fee_note": "Phí thẩm định điều kiện hoạt động bưu chính theo biểu phí của Bộ Tài chính",
            "docs": [
                ["Văn bản thông báo hoạt động bưu chính", 1, 0],
                [
                    "Bản sao Giấy chứng nhận đăng ký doanh nghiệp hoặc giấy phép thành lập chi nhánh",
                    0,
                    1,
                ],
            ],
            "res": "Văn bản xác nhận thông báo hoạt động bưu chính",
        },
    ],
}
