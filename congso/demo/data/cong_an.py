# SPDX-License-Identifier: MIT
"""DEMO procedures handled by the police: residence, identity cards, vehicles, immigration …

Entry keys are described in `congso.demo.catalog_data`. Driving licences are in the road
field of `xay_dung_giao_thong`.
"""
# ruff: noqa: E501

CT01 = [
    "Tờ khai thay đổi thông tin cư trú",
    1,
    0,
    "Tờ khai thay đổi thông tin cư trú (Mẫu CT01 ban hành kèm theo Thông tư số 55/2021/TT-BCA)",
]
LEGAL_HOME = [
    "Giấy tờ, tài liệu chứng minh chỗ ở hợp pháp (trường hợp thông tin chưa có trong cơ sở dữ liệu hoặc Kho quản lý dữ liệu điện tử của công dân)",
    0,
    1,
]
CT_EXEMPT = "Miễn lệ phí đối với trẻ em, người cao tuổi, người khuyết tật, người có công với cách mạng và thân nhân, người thuộc hộ nghèo, công dân cư trú tại các xã đặc biệt khó khăn theo Thông tư số 75/2022/TT-BTC"
CC_FORM = [
    "Tờ khai căn cước",
    1,
    0,
    "Tờ khai căn cước (Mẫu CC01 ban hành kèm theo Thông tư của Bộ Công an)",
]
BOTH_POLICE = {"impl": "pc_qlhc"}
XE_FORM = [
    "Giấy khai đăng ký xe",
    1,
    0,
    "Giấy khai đăng ký xe (mẫu ban hành kèm theo Thông tư số 79/2024/TT-BCA)",
]
XE_ORIGIN = [
    "Chứng từ nguồn gốc xe và chứng từ chuyển quyền sở hữu xe (hóa đơn, hợp đồng mua bán)",
    1,
    0,
]
FOREIGNERS = ["Người nước ngoài"]
XNC_FEE_NOTE = (
    "Lệ phí theo Thông tư số 25/2021/TT-BTC (mức thu tính bằng đô la Mỹ, nộp bằng đồng Việt Nam)"
)

PROCEDURES = {
    "cu_tru": [
        {
            "name": "Đăng ký thường trú",
            "en": "Permanent residence registration",
            "lv": "commune",
            "time": [
                7,
                "working_day",
                "07 ngày làm việc kể từ ngày nhận đủ hồ sơ và thủ tục theo quy định",
            ],
            "fees": [
                ["Lệ phí đăng ký thường trú", 20000, "fixed", "direct"],
                ["Lệ phí đăng ký thường trú", 10000, "fixed", "online"],
            ],
            "exempt": CT_EXEMPT,
            "docs": [
                CT01,
                LEGAL_HOME,
                [
                    "Giấy tờ, tài liệu chứng minh quan hệ nhân thân với chủ hộ, thành viên hộ gia đình (trường hợp đăng ký thường trú theo quan hệ nhân thân)",
                    0,
                    1,
                ],
                [
                    "Văn bản đồng ý của chủ hộ, chủ sở hữu chỗ ở hợp pháp (trường hợp không thể hiện ý kiến đồng ý trong Tờ khai)",
                    1,
                    0,
                ],
            ],
            "res": "Thông báo kết quả đăng ký thường trú; thông tin được cập nhật vào Cơ sở dữ liệu về cư trú",
            "cond": "Công dân có chỗ ở hợp pháp thuộc quyền sở hữu của mình hoặc được chủ hộ, chủ sở hữu chỗ ở hợp pháp đồng ý cho đăng ký thường trú và đáp ứng điều kiện về diện tích nhà ở tối thiểu theo quy định của HĐND thành phố (đối với trường hợp thuê, mượn, ở nhờ).",
            "desc": "Công dân đăng ký thường trú tại Công an cấp xã nơi có chỗ ở hợp pháp, trực tiếp hoặc trực tuyến qua Cổng Dịch vụ công quốc gia, ứng dụng VNeID. Cơ quan đăng ký cư trú thẩm định, cập nhật thông tin vào Cơ sở dữ liệu về cư trú và thông báo kết quả; không cấp sổ hộ khẩu giấy.",
        },
        {
            "name": "Xóa đăng ký thường trú",
            "en": "Deletion of permanent residence registration",
            "lv": "commune",
            "time": 1,
            "docs": [
                CT01,
                ["Giấy tờ, tài liệu chứng minh thuộc trường hợp xóa đăng ký thường trú", 0, 1],
            ],
            "res": "Thông báo về việc xóa đăng ký thường trú",
        },
        {
            "name": "Đăng ký tạm trú",
            "en": "Temporary residence registration",
            "lv": "commune",
            "time": 3,
            "fees": [
                ["Lệ phí đăng ký tạm trú", 15000, "fixed", "direct"],
                ["Lệ phí đăng ký tạm trú", 7000, "fixed", "online"],
            ],
            "exempt": CT_EXEMPT,
            "docs": [CT01, LEGAL_HOME],
            "res": "Thông báo kết quả đăng ký tạm trú; thông tin được cập nhật vào Cơ sở dữ liệu về cư trú",
        },
        {
            "name": "Gia hạn tạm trú",
            "en": "Extension of temporary residence",
            "lv": "commune",
            "time": 3,
            "fees": [
                ["Lệ phí gia hạn tạm trú", 10000, "fixed", "direct"],
                ["Lệ phí gia hạn tạm trú", 5000, "fixed", "online"],
            ],
            "exempt": CT_EXEMPT,
            "docs": [
                CT01,
                [
                    "Văn bản đồng ý của chủ hộ, chủ sở hữu chỗ ở hợp pháp (trường hợp không thể hiện trong Tờ khai)",
                    1,
                    0,
                ],
            ],
            "res": "Thông báo kết quả gia hạn tạm trú",
        },
        {
            "name": "Xóa đăng ký tạm trú",
            "en": "Deletion of temporary residence registration",
            "lv": "commune",
            "time": 1,
            "docs": [
                CT01,
                ["Giấy tờ, tài liệu chứng minh thuộc trường hợp xóa đăng ký tạm trú", 0, 1],
            ],
            "res": "Thông báo về việc xóa đăng ký tạm trú",
        },
        {
            "name": "Tách hộ",
            "en": "Household separation",
            "lv": "commune",
            "time": 5,
            "fees": [
                ["Lệ phí tách hộ", 10000, "fixed", "direct"],
                ["Lệ phí tách hộ", 5000, "fixed", "online"],
            ],
            "exempt": CT_EXEMPT,
            "docs": [
                CT01,
                [
                    "Văn bản đồng ý cho tách hộ của chủ hộ (trường hợp không thể hiện trong Tờ khai)",
                    1,
                    0,
                ],
            ],
            "res": "Thông báo kết quả tách hộ",
        },
        {
            "name": "Điều chỉnh thông tin về cư trú trong Cơ sở dữ liệu về cư trú",
            "en": "Correction of residence information in the residence database",
            "lv": "commune",
            "time": 3,
            "docs": [CT01, ["Giấy tờ, tài liệu chứng minh việc điều chỉnh thông tin", 0, 1]],
            "res": "Thông báo kết quả điều chỉnh thông tin về cư trú",
        },
        {
            "name": "Khai báo tạm vắng",
            "en": "Declaration of temporary absence",
            "lv": "commune",
            "time": 1,
            "docs": [
                [
                    "Đề nghị khai báo tạm vắng",
                    1,
                    0,
                    "Đề nghị khai báo tạm vắng (mẫu ban hành kèm theo Thông tư của Bộ Công an)",
                ],
                [
                    "Văn bản đồng ý của người đại diện hợp pháp (trường hợp người khai báo là người chưa thành niên)",
                    1,
                    0,
                ],
            ],
            "res": "Phiếu khai báo tạm vắng",
        },
        {
            "name": "Thông báo lưu trú",
            "en": "Notification of stay",
            "lv": "commune",
            "time": [
                1,
                "hour",
                "Cơ quan đăng ký cư trú tiếp nhận và cập nhật thông tin ngay khi nhận được thông báo",
            ],
            "subj": ["Công dân Việt Nam", "Cơ sở lưu trú du lịch", "Hộ gia đình"],
            "docs": [
                [
                    "Thông tin lưu trú của người đến lưu trú (họ tên, số định danh cá nhân, thời gian lưu trú)",
                    1,
                    0,
                ],
                ["Văn bản ủy quyền (trường hợp thông báo thay)", 1, 0],
            ],
            "res": "Xác nhận việc tiếp nhận thông báo lưu trú",
        },
        {
            "name": "Xác nhận thông tin về cư trú",
            "en": "Confirmation of residence information",
            "lv": "commune",
            "bf": True,
            "time": [
                0.5,
                "working_day",
                "Không quá 1/2 ngày làm việc nếu thông tin đã có trong Cơ sở dữ liệu về cư trú; không quá 03 ngày làm việc nếu cần xác minh",
            ],
            "docs": [CT01, ["Văn bản ủy quyền (trường hợp yêu cầu xác nhận thay)", 1, 0]],
            "res": "Giấy xác nhận thông tin về cư trú",
        },
        {
            "name": "Khai báo thông tin về cư trú đối với người chưa đủ điều kiện đăng ký thường trú, đăng ký tạm trú",
            "en": "Residence declaration for persons not yet eligible to register",
            "lv": "commune",
            "time": 3,
            "docs": [
                [
                    "Tờ khai thông tin về cư trú",
                    1,
                    0,
                    "Mẫu CT01 ban hành kèm theo Thông tư số 55/2021/TT-BCA",
                ],
                ["Giấy tờ, tài liệu chứng minh thông tin về nhân thân (nếu có)", 0, 1],
            ],
            "res": "Thông báo kết quả khai báo thông tin về cư trú",
        },
    ],
    "can_cuoc": [
        {
            **BOTH_POLICE,
            "name": "Cấp thẻ căn cước cho công dân Việt Nam từ đủ 14 tuổi trở lên",
            "en": "Issuance of identity cards to Vietnamese citizens aged 14 and over",
            "lv": "province+commune",
            "time": 7,
            "bf": True,
            "fees": [["Lệ phí cấp thẻ căn cước lần đầu", 0]],
            "exempt": "Không thu lệ phí khi cấp thẻ căn cước lần đầu",
            "docs": [
                CC_FORM,
                [
                    "Giấy tờ, tài liệu chứng minh thông tin cần điều chỉnh (trường hợp thông tin trong Cơ sở dữ liệu quốc gia về dân cư chưa chính xác)",
                    0,
                    1,
                ],
            ],
            "res": "Thẻ căn cước",
            "cond": "Công dân đến trực tiếp để thu nhận ảnh khuôn mặt, vân tay, mống mắt.",
        },
        {
            **BOTH_POLICE,
            "name": "Cấp thẻ căn cước cho công dân Việt Nam dưới 14 tuổi",
            "en": "Issuance of identity cards to Vietnamese citizens under 14",
            "lv": "province+commune",
            "time": 7,
            "bf": True,
            "fees": [["Lệ phí cấp thẻ căn cước lần đầu", 0]],
            "exempt": "Không thu lệ phí khi cấp thẻ căn cước lần đầu",
            "docs": [
                CC_FORM,
                ["Văn bản đề nghị của người đại diện hợp pháp của người dưới 14 tuổi", 1, 0],
            ],
            "res": "Thẻ căn cước",
            "cond": "Người dưới 06 tuổi được thực hiện qua cổng dịch vụ công hoặc ứng dụng định danh quốc gia; người từ đủ 06 tuổi đến dưới 14 tuổi đến thu nhận sinh trắc học cùng người đại diện hợp pháp.",
        },
        {
            **BOTH_POLICE,
            "name": "Cấp đổi thẻ căn cước",
            "en": "Exchange of identity cards",
            "lv": "province+commune",
            "time": 7,
            "bf": True,
            "fees": [["Lệ phí cấp đổi thẻ căn cước", 50000]],
            "exempt": "Miễn lệ phí khi cấp đổi do đủ tuổi phải đổi thẻ, do lỗi của cơ quan quản lý căn cước hoặc do thay đổi địa giới hành chính",
            "docs": [CC_FORM, ["Thẻ căn cước hoặc thẻ căn cước công dân đang sử dụng", 1, 0]],
            "res": "Thẻ căn cước",
        },
        {
            **BOTH_POLICE,
            "name": "Cấp lại thẻ căn cước",
            "en": "Re-issuance of lost identity cards",
            "lv": "province+commune",
            "time": 7,
            "bf": True,
            "fees": [["Lệ phí cấp lại thẻ căn cước", 70000]],
            "exempt": "Miễn lệ phí cho công dân thuộc hộ nghèo, người có công với cách mạng và thân nhân, đồng bào dân tộc thiểu số ở xã đặc biệt khó khăn",
            "docs": [CC_FORM, ["Văn bản trình báo mất thẻ căn cước (nếu có)", 1, 0]],
            "res": "Thẻ căn cước",
        },
        {
            "name": "Cấp giấy chứng nhận căn cước",
            "en": "Issuance of identity certificates to persons of Vietnamese origin without nationality",
            "lv": "province",
            "impl": "pc_qlhc",
            "time": 15,
            "subj": ["Người gốc Việt Nam chưa xác định được quốc tịch"],
            "docs": [
                [
                    "Tờ khai đề nghị cấp giấy chứng nhận căn cước",
                    1,
                    0,
                    "Mẫu ban hành kèm theo Thông tư của Bộ Công an",
                ],
                ["Giấy tờ, tài liệu chứng minh nơi ở hiện tại", 0, 1],
            ],
            "res": "Giấy chứng nhận căn cước",
        },
        {
            **BOTH_POLICE,
            "name": "Tích hợp, cập nhật thông tin vào thẻ căn cước",
            "en": "Integration of information into identity cards",
            "lv": "province+commune",
            "ol": "full",
            "time": 7,
            "docs": [
                ["Đề nghị tích hợp thông tin", 1, 0],
                [
                    "Giấy tờ chứng minh thông tin cần tích hợp (thẻ bảo hiểm y tế, giấy phép lái xe …) trường hợp chưa được xác thực",
                    0,
                    1,
                ],
            ],
            "res": "Thông tin được tích hợp vào thẻ căn cước và ứng dụng định danh quốc gia",
        },
    ],
    "dang_ky_xe": [
        {
            "name": "Đăng ký, cấp biển số xe lần đầu (thực hiện tại Công an cấp tỉnh)",
            "en": "First vehicle registration and number plates (provincial police)",
            "lv": "province",
            "ol": "partial",
            "time": [
                2,
                "working_day",
                "Cấp biển số ngay khi tiếp nhận hồ sơ hợp lệ; cấp chứng nhận đăng ký xe không quá 02 ngày làm việc",
            ],
            "fees": [
                [
                    "Lệ phí cấp chứng nhận đăng ký kèm biển số xe ô tô chở người dưới 10 chỗ",
                    1000000,
                ],
                ["Lệ phí cấp chứng nhận đăng ký kèm biển số xe ô tô khác", 150000],
            ],
            "docs": [
                XE_FORM,
                XE_ORIGIN,
                ["Chứng từ lệ phí trước bạ (trường hợp chưa có dữ liệu điện tử)", 0, 1],
                ["Phiếu kiểm định chất lượng xuất xưởng hoặc tờ khai nguồn gốc xe nhập khẩu", 1, 0],
            ],
            "res": ["Chứng nhận đăng ký xe", "Biển số xe"],
        },
        {
            "name": "Đăng ký, cấp biển số xe lần đầu (thực hiện tại Công an cấp xã)",
            "en": "First motorbike registration and number plates (commune police)",
            "lv": "commune",
            "time": [
                2,
                "working_day",
                "Cấp biển số ngay khi tiếp nhận hồ sơ hợp lệ; cấp chứng nhận đăng ký xe không quá 02 ngày làm việc",
            ],
            "subj": ["Công dân Việt Nam", "Doanh nghiệp"],
            "fees": [["Lệ phí cấp chứng nhận đăng ký kèm biển số xe mô tô", 200000]],
            "docs": [
                XE_FORM,
                XE_ORIGIN,
                ["Chứng từ lệ phí trước bạ (trường hợp chưa có dữ liệu điện tử)", 0, 1],
            ],
            "res": ["Chứng nhận đăng ký xe", "Biển số xe"],
        },
        {
            "name": "Đăng ký sang tên, di chuyển xe (thực hiện tại Công an cấp tỉnh)",
            "en": "Registration of vehicle ownership transfer (provincial police)",
            "lv": "province",
            "ol": "partial",
            "time": 2,
            "fees": [["Lệ phí cấp chứng nhận đăng ký xe", 50000]],
            "docs": [
                XE_FORM,
                ["Chứng từ chuyển quyền sở hữu xe", 1, 0],
                ["Chứng nhận đăng ký xe và biển số xe (trường hợp thu hồi)", 1, 0],
            ],
            "res": "Chứng nhận đăng ký xe",
        },
        {
            "name": "Thu hồi chứng nhận đăng ký xe, biển số xe",
            "en": "Withdrawal of vehicle registration certificates and plates",
            "lv": "province+commune",
            "ol": "full",
            "time": 2,
            "docs": [
                ["Giấy khai thu hồi đăng ký, biển số xe", 1, 0],
                ["Chứng nhận đăng ký xe và biển số xe", 1, 0],
            ],
            "res": "Chứng nhận thu hồi đăng ký, biển số xe",
        },
        {
            "name": "Cấp đổi, cấp lại chứng nhận đăng ký xe, biển số xe",
            "en": "Exchange or re-issuance of vehicle registration certificates and plates",
            "lv": "province+commune",
            "ol": "partial",
            "time": 2,
            "fees": [
                ["Lệ phí cấp đổi, cấp lại chứng nhận đăng ký xe", 50000],
                ["Lệ phí cấp đổi, cấp lại biển số xe", 100000],
            ],
            "docs": [
                XE_FORM,
                ["Chứng nhận đăng ký xe hoặc biển số xe bị hỏng, mờ (trường hợp cấp đổi)", 1, 0],
            ],
            "res": ["Chứng nhận đăng ký xe", "Biển số xe"],
        },
    ],
    "xuat_nhap_canh": [
        {
            "name": "Cấp hộ chiếu phổ thông ở trong nước (thực hiện tại cấp tỉnh)",
            "en": "Issuance of ordinary passports in Vietnam (provincial level)",
            "lv": "province",
            "bf": True,
            "time": [
                8,
                "working_day",
                "Không quá 08 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ",
            ],
            "fees": [
                ["Lệ phí cấp hộ chiếu phổ thông", 200000],
                ["Lệ phí cấp lại hộ chiếu do bị hư hỏng hoặc bị mất", 400000],
            ],
            "docs": [
                [
                    "Tờ khai đề nghị cấp hộ chiếu phổ thông",
                    1,
                    0,
                    "Tờ khai (Mẫu TK01 ban hành kèm theo Thông tư của Bộ Công an)",
                ],
                ["Ảnh chân dung cỡ 4cm x 6cm (khi nộp trực tiếp)", 2, 0],
                [
                    "Hộ chiếu đã được cấp lần gần nhất còn giá trị sử dụng (trường hợp đề nghị cấp lại)",
                    1,
                    0,
                ],
            ],
            "res": "Hộ chiếu phổ thông",
            "desc": "Công dân Việt Nam đề nghị cấp hộ chiếu phổ thông có gắn chíp điện tử tại Phòng Quản lý xuất nhập cảnh Công an thành phố hoặc trực tuyến trên Cổng Dịch vụ công quốc gia, Cổng dịch vụ công Bộ Công an; hộ chiếu được trả qua bưu chính hoặc tại nơi nộp hồ sơ.",
        },
        {
            "name": "Trình báo mất hộ chiếu phổ thông (thực hiện tại cấp tỉnh)",
            "en": "Reporting a lost ordinary passport (provincial level)",
            "lv": "province",
            "time": 1,
            "docs": [
                [
                    "Đơn trình báo mất hộ chiếu phổ thông",
                    1,
                    0,
                    "Mẫu TK05 ban hành kèm theo Thông tư của Bộ Công an",
                ],
                ["Văn bản ủy quyền (trường hợp trình báo thay)", 1, 0],
            ],
            "res": "Thông báo về việc hủy giá trị sử dụng hộ chiếu",
        },
        {
            "name": "Khôi phục giá trị sử dụng hộ chiếu phổ thông (thực hiện tại cấp tỉnh)",
            "en": "Restoration of the validity of an ordinary passport (provincial level)",
            "lv": "province",
            "ol": "partial",
            "time": 5,
            "fees": [["Lệ phí khôi phục giá trị sử dụng hộ chiếu", 100000]],
            "docs": [
                [
                    "Đơn đề nghị khôi phục giá trị sử dụng hộ chiếu",
                    1,
                    0,
                    "Mẫu TK06 ban hành kèm theo Thông tư của Bộ Công an",
                ],
                ["Hộ chiếu đề nghị khôi phục", 1, 0],
            ],
            "res": "Hộ chiếu được khôi phục giá trị sử dụng",
        },
        {
            "name": "Cấp thị thực cho người nước ngoài tại Việt Nam",
            "en": "Issuance of visas to foreigners in Vietnam",
            "lv": "province",
            "ol": "partial",
            "time": 5,
            "laws": ["luat_nguoi_nuoc_ngoai"],
            "subj": FOREIGNERS,
            "fee_note": XNC_FEE_NOTE,
            "docs": [
                [
                    "Tờ khai đề nghị cấp thị thực Việt Nam",
                    1,
                    0,
                    "Mẫu NA5 ban hành kèm theo Thông tư của Bộ Công an",
                ],
                ["Hộ chiếu của người nước ngoài", 1, 0],
                ["Văn bản đề nghị của cơ quan, tổ chức, cá nhân mời, bảo lãnh", 1, 0],
            ],
            "res": "Thị thực Việt Nam",
        },
        {
            "name": "Cấp thẻ tạm trú cho người nước ngoài tại Việt Nam",
            "en": "Issuance of temporary residence cards to foreigners",
            "lv": "province",
            "ol": "partial",
            "time": 5,
            "laws": ["luat_nguoi_nuoc_ngoai"],
            "subj": FOREIGNERS,
            "fee_note": XNC_FEE_NOTE,
            "docs": [
                ["Văn bản đề nghị của cơ quan, tổ chức, cá nhân bảo lãnh", 1, 0],
                [
                    "Tờ khai đề nghị cấp thẻ tạm trú",
                    1,
                    0,
                    "Mẫu NA8 ban hành kèm theo Thông tư của Bộ Công an",
                ],
                ["Hộ chiếu và giấy tờ chứng minh thuộc diện cấp thẻ tạm trú", 0, 1],
                ["Ảnh 2cm x 3cm", 2, 0],
            ],
            "res": "Thẻ tạm trú",
        },
        {
            "name": "Gia hạn tạm trú cho người nước ngoài tại Việt Nam",
            "en": "Extension of stay for foreigners in Vietnam",
            "lv": "province",
            "ol": "partial",
            "time": 5,
            "laws": ["luat_nguoi_nuoc_ngoai"],
            "subj": FOREIGNERS,
            "fee_note": XNC_FEE_NOTE,
            "docs": [
                [
                    "Văn bản đề nghị gia hạn tạm trú",
                    1,
                    0,
                    "Mẫu NA5 ban hành kèm theo Thông tư của Bộ Công an",
                ],
                ["Hộ chiếu của người nước ngoài", 1, 0],
            ],
            "res": "Chứng nhận gia hạn tạm trú",
        },
    ],
    "pccc": [
        {
            "name": "Thẩm định thiết kế về phòng cháy và chữa cháy",
            "en": "Fire safety design appraisal",
            "lv": "province",
            "time": [
                15,
                "working_day",
                "Không quá 15 ngày làm việc đối với dự án quan trọng quốc gia, nhóm A; không quá 10 ngày làm việc đối với dự án nhóm B, C và công trình khác",
            ],
            "fee_note": "Phí thẩm định phê duyệt thiết kế về phòng cháy và chữa cháy tính theo tổng mức đầu tư",
            "docs": [
                [
                    "Văn bản đề nghị thẩm định thiết kế về phòng cháy và chữa cháy",
                    1,
                    0,
                    "Mẫu ban hành kèm theo Nghị định của Chính phủ về phòng cháy, chữa cháy và cứu nạn, cứu hộ",
                ],
                ["Hồ sơ thiết kế thể hiện các nội dung về phòng cháy và chữa cháy", 1, 0],
                [
                    "Bản sao văn bản chấp thuận chủ trương đầu tư hoặc quyết định phê duyệt dự án",
                    0,
                    1,
                ],
            ],
            "res": "Giấy chứng nhận thẩm định thiết kế về phòng cháy và chữa cháy",
        },
        {
            "name": "Nghiệm thu về phòng cháy và chữa cháy",
            "en": "Fire safety acceptance inspection",
            "lv": "province",
            "ol": "none",
            "time": 10,
            "docs": [
                ["Văn bản đề nghị kiểm tra kết quả nghiệm thu về phòng cháy và chữa cháy", 1, 0],
                [
                    "Biên bản thử nghiệm, nghiệm thu từng phần và tổng thể hệ thống phòng cháy và chữa cháy",
                    1,
                    0,
                ],
                ["Bản vẽ hoàn công hệ thống phòng cháy và chữa cháy", 1, 0],
            ],
            "res": "Văn bản chấp thuận kết quả nghiệm thu về phòng cháy và chữa cháy",
        },
        {
            "name": "Cấp giấy xác nhận đủ điều kiện kinh doanh dịch vụ phòng cháy và chữa cháy",
            "en": "Certificates of eligibility for fire safety services",
            "lv": "province",
            "time": 7,
            "subj": ["Doanh nghiệp"],
            "docs": [
                ["Văn bản đề nghị cấp giấy xác nhận", 1, 0],
                [
                    "Danh sách cá nhân có chứng chỉ hành nghề tư vấn về phòng cháy và chữa cháy",
                    1,
                    0,
                ],
                [
                    "Bản sao giấy tờ chứng minh trụ sở và phương tiện, thiết bị bảo đảm hoạt động",
                    0,
                    1,
                ],
            ],
            "res": "Giấy xác nhận đủ điều kiện kinh doanh dịch vụ phòng cháy và chữa cháy",
        },
        {
            "name": "Phục hồi hoạt động của cơ sở sau khi bị tạm đình chỉ hoạt động về phòng cháy và chữa cháy",
            "en": "Resumption of operations after a fire-safety suspension",
            "lv": "province",
            "ol": "none",
            "time": 2,
            "subj": ["Cơ sở", "Doanh nghiệp", "Hộ kinh doanh"],
            "docs": [
                ["Văn bản đề nghị phục hồi hoạt động", 1, 0],
                ["Báo cáo kết quả khắc phục vi phạm về phòng cháy và chữa cháy", 1, 0],
            ],
            "res": "Quyết định phục hồi hoạt động",
        },
    ],
    "antt": [
        {
            "name": "Cấp Giấy chứng nhận đủ điều kiện về an ninh, trật tự để làm ngành, nghề đầu tư kinh doanh có điều kiện (thực hiện tại cấp tỉnh)",
            "en": "Security and order eligibility certificates for conditional business lines (provincial police)",
            "lv": "province",
            "time": 5,
            "fees": [["Lệ phí cấp Giấy chứng nhận đủ điều kiện về an ninh, trật tự", 300000]],
            "docs": [
                [
                    "Văn bản đề nghị cấp Giấy chứng nhận đủ điều kiện về an ninh, trật tự",
                    1,
                    0,
                    "Mẫu ban hành kèm theo Nghị định số 96/2016/NĐ-CP",
                ],
                ["Bản sao Giấy chứng nhận đăng ký doanh nghiệp hoặc hộ kinh doanh", 0, 1],
                [
                    "Bản khai lý lịch và phiếu lý lịch tư pháp của người chịu trách nhiệm về an ninh, trật tự",
                    1,
                    0,
                ],
                ["Bản sao hồ sơ, tài liệu về phòng cháy và chữa cháy của cơ sở kinh doanh", 0, 1],
            ],
            "res": "Giấy chứng nhận đủ điều kiện về an ninh, trật tự",
        },
        {
            "name": "Cấp Giấy chứng nhận đủ điều kiện về an ninh, trật tự để làm ngành, nghề đầu tư kinh doanh có điều kiện (thực hiện tại cấp xã)",
            "en": "Security and order eligibility certificates for conditional business lines (commune police)",
            "lv": "commune",
            "time": 5,
            "fees": [["Lệ phí cấp Giấy chứng nhận đủ điều kiện về an ninh, trật tự", 300000]],
            "docs": [
                [
                    "Văn bản đề nghị cấp Giấy chứng nhận đủ điều kiện về an ninh, trật tự",
                    1,
                    0,
                    "Mẫu ban hành kèm theo Nghị định số 96/2016/NĐ-CP",
                ],
                ["Bản sao Giấy chứng nhận đăng ký hộ kinh doanh", 0, 1],
                ["Bản khai lý lịch của người chịu trách nhiệm về an ninh, trật tự", 1, 0],
            ],
            "res": "Giấy chứng nhận đủ điều kiện về an ninh, trật tự",
        },
        {
            "name": "Đăng ký mẫu con dấu mới",
            "en": "Registration of new seal specimens",
            "lv": "province",
            "ol": "partial",
            "time": 3,
            "laws": ["nd_99_2016"],
            "subj": ["Doanh nghiệp", "Cơ quan, tổ chức"],
            "fees": [["Lệ phí đăng ký mẫu con dấu", 50000]],
            "docs": [
                ["Văn bản đề nghị đăng ký mẫu con dấu", 1, 0],
                ["Bản sao quyết định thành lập hoặc giấy phép hoạt động", 0, 1],
            ],
            "res": "Giấy chứng nhận đăng ký mẫu con dấu",
        },
        {
            "name": "Đăng ký lại mẫu con dấu",
            "en": "Re-registration of seal specimens",
            "lv": "province",
            "ol": "partial",
            "time": 3,
            "laws": ["nd_99_2016"],
            "subj": ["Doanh nghiệp", "Cơ quan, tổ chức"],
            "fees": [["Lệ phí đăng ký lại mẫu con dấu", 50000]],
            "docs": [
                ["Văn bản đề nghị đăng ký lại mẫu con dấu", 1, 0],
                ["Giấy chứng nhận đăng ký mẫu con dấu đã được cấp", 1, 0],
            ],
            "res": "Giấy chứng nhận đăng ký mẫu con dấu",
        },
    ],
}
