# SPDX-License-Identifier: MIT
"""Vocabulary for SYNTHETIC procedure variants (benchmarks, load tests): not real procedures.

`congso.demo.generator` combines, per field, a verb of the object's kind with an object and
an optional qualifier: "Gia hạn" + "giấy phép khai thác nước mặt" + "đối với tổ chức".
Kinds: L = licence or certificate, R = registration or notice, D = appraisal or decision,
S = benefit or support.
"""
# ruff: noqa: E501

VERBS: dict[str, list[tuple[str, str]]] = {
    "L": [
        ("Cấp", "Issuance of"),
        ("Cấp lại", "Re-issuance of"),
        ("Cấp đổi", "Exchange of"),
        ("Điều chỉnh", "Amendment of"),
        ("Gia hạn", "Extension of"),
        ("Thu hồi", "Withdrawal of"),
        ("Cấp bản sao", "Copies of"),
    ],
    "R": [
        ("Đăng ký", "Registration of"),
        ("Đăng ký thay đổi", "Registration of changes to"),
        ("Xóa đăng ký", "Deregistration of"),
        ("Xác nhận", "Confirmation of"),
        ("Cung cấp thông tin về", "Information on"),
        ("Thông báo", "Notice of"),
    ],
    "D": [
        ("Thẩm định", "Appraisal of"),
        ("Phê duyệt", "Approval of"),
        ("Điều chỉnh", "Amendment of"),
        ("Công nhận", "Recognition of"),
        ("Thẩm định điều chỉnh", "Appraisal of amendments to"),
        ("Chấp thuận", "Consent to"),
    ],
    "S": [
        ("Giải quyết", "Granting of"),
        ("Điều chỉnh", "Adjustment of"),
        ("Tạm dừng", "Suspension of"),
        ("Chấm dứt", "Termination of"),
        ("Tiếp tục", "Resumption of"),
        ("Chuyển nơi hưởng", "Transfer of payment place for"),
    ],
}

# Level qualifiers are added automatically where the field has a matching template.
LEVEL_QUALIFIERS = {
    "province": ("thực hiện tại cấp tỉnh", "(provincial level)"),
    "commune": ("thực hiện tại cấp xã", "(commune level)"),
}

ORG = ("đối với tổ chức", "for organisations")
PERSON = ("đối với cá nhân", "for individuals")
FOREIGN = ("có yếu tố nước ngoài", "with a foreign element")
FDI = ("đối với doanh nghiệp có vốn đầu tư nước ngoài", "for foreign-invested enterprises")
LOST = ("trong trường hợp bị mất, hư hỏng", "when lost or damaged")
ONLINE = ("qua môi trường điện tử", "through electronic means")

# field key → (objects [(kind, Vietnamese, English)], qualifiers [(Vietnamese, English)])
VARIANTS: dict[str, tuple[list[tuple[str, str, str]], list[tuple[str, str]]]] = {
    "ho_tich": (
        [
            (
                "R",
                "việc khai sinh cho trẻ em sinh ra tại cơ sở y tế",
                "the birth of a child born in a health facility",
            ),
            ("R", "việc giám hộ cho người chưa thành niên", "guardianship of a minor"),
            (
                "R",
                "việc kết hôn của công dân cư trú ở khu vực biên giới",
                "marriage of citizens residing in border areas",
            ),
            ("L", "trích lục hộ tịch điện tử", "electronic civil status extracts"),
            (
                "R",
                "việc thay đổi họ, chữ đệm, tên",
                "a change of surname, middle name or given name",
            ),
        ],
        [FOREIGN, ONLINE, ("cho người đang cư trú ở nước ngoài", "for persons residing abroad")],
    ),
    "chung_thuc": (
        [
            (
                "L",
                "bản sao có chứng thực từ sổ chứng thực",
                "certified copies from certification registers",
            ),
            ("R", "chữ ký trong giấy ủy quyền", "signatures on powers of attorney"),
            ("R", "hợp đồng ủy quyền quản lý tài sản", "contracts authorising asset management"),
            ("L", "bản sao điện tử có chứng thực", "certified electronic copies"),
        ],
        [
            ONLINE,
            ("đối với giấy tờ bằng tiếng nước ngoài", "for documents in foreign languages"),
            PERSON,
        ],
    ),
    "nuoi_con_nuoi": (
        [
            ("R", "việc nuôi con nuôi thực tế", "de facto adoption"),
            ("L", "giấy chứng nhận nuôi con nuôi", "adoption certificates"),
            ("R", "việc chấm dứt nuôi con nuôi", "termination of adoption"),
        ],
        [FOREIGN, ("ở khu vực biên giới", "in border areas")],
    ),
    "ly_lich_tu_phap": (
        [
            ("L", "phiếu lý lịch tư pháp số 1", "judicial record certificate No. 1"),
            ("L", "phiếu lý lịch tư pháp số 2", "judicial record certificate No. 2"),
            (
                "R",
                "thông tin lý lịch tư pháp về án tích",
                "judicial record information on convictions",
            ),
        ],
        [
            ONLINE,
            ("cho người nước ngoài", "for foreigners"),
            ("qua ứng dụng định danh quốc gia", "through the national identification app"),
        ],
    ),
    "quoc_tich": (
        [
            ("L", "giấy xác nhận có quốc tịch Việt Nam", "certificates of Vietnamese nationality"),
            ("L", "giấy xác nhận là người gốc Việt Nam", "certificates of Vietnamese origin"),
            ("R", "việc giữ quốc tịch Việt Nam", "retention of Vietnamese nationality"),
        ],
        [
            ("cho người chưa thành niên", "for minors"),
            ("cho người không quốc tịch", "for stateless persons"),
        ],
    ),
    "cong_chung": (
        [
            ("L", "thẻ công chứng viên", "notary cards"),
            (
                "L",
                "giấy đăng ký hoạt động văn phòng công chứng",
                "registration certificates of notary offices",
            ),
            ("D", "đề án thành lập văn phòng công chứng", "proposals to establish notary offices"),
            ("R", "hành nghề công chứng", "notarial practice"),
        ],
        [
            ("tại địa bàn có nhu cầu công chứng cao", "in areas with high demand"),
            ("trường hợp chuyển nhượng, sáp nhập", "in case of transfer or merger"),
        ],
    ),
    "luat_su": (
        [
            (
                "L",
                "giấy đăng ký hoạt động của công ty luật",
                "registration certificates of law firms",
            ),
            (
                "L",
                "giấy đăng ký hoạt động của văn phòng luật sư",
                "registration certificates of law offices",
            ),
            (
                "R",
                "hoạt động của chi nhánh công ty luật nước ngoài",
                "operation of branches of foreign law firms",
            ),
            ("R", "hành nghề luật sư", "legal practice"),
        ],
        [("trường hợp chuyển đổi hình thức hoạt động", "upon conversion"), FDI],
    ),
    "tro_giup_phap_ly": (
        [
            ("L", "thẻ cộng tác viên trợ giúp pháp lý", "legal aid collaborator cards"),
            (
                "R",
                "tham gia trợ giúp pháp lý của tổ chức hành nghề luật sư",
                "participation of law firms in legal aid",
            ),
            (
                "S",
                "trợ giúp pháp lý cho người thuộc hộ cận nghèo",
                "legal aid for near-poor persons",
            ),
        ],
        [ORG, ("cho người dân tộc thiểu số", "for ethnic minorities")],
    ),
    "hoa_giai": (
        [
            ("D", "tổ hòa giải ở cơ sở", "grassroots mediation teams"),
            ("S", "thù lao cho hòa giải viên", "remuneration of mediators"),
            ("D", "danh sách hòa giải viên", "lists of mediators"),
        ],
        [("tại thôn, tổ dân phố", "in villages and residential groups")],
    ),
    "bien_phap_bao_dam": (
        [
            (
                "R",
                "thế chấp tài sản gắn liền với đất hình thành trong tương lai",
                "mortgages over future land-attached assets",
            ),
            (
                "R",
                "thế chấp quyền tài sản phát sinh từ hợp đồng mua bán nhà ở",
                "mortgages over rights under housing purchase contracts",
            ),
            ("R", "bảo lưu quyền sở hữu", "retention of title"),
            (
                "R",
                "biện pháp bảo đảm bằng dự án đầu tư xây dựng nhà ở",
                "security over housing construction projects",
            ),
        ],
        [ONLINE, ORG, PERSON],
    ),
    "xay_dung": (
        [
            (
                "L",
                "giấy phép xây dựng công trình quảng cáo",
                "building permits for advertising structures",
            ),
            (
                "L",
                "giấy phép xây dựng công trình theo tuyến ngoài đô thị",
                "building permits for linear works outside urban areas",
            ),
            ("L", "giấy phép xây dựng theo giai đoạn", "phased building permits"),
            (
                "L",
                "giấy phép xây dựng công trình tôn giáo, tín ngưỡng",
                "building permits for religious works",
            ),
            (
                "L",
                "chứng chỉ hành nghề giám sát thi công xây dựng",
                "construction supervision practising certificates",
            ),
            ("D", "hồ sơ thiết kế cơ sở", "basic design dossiers"),
        ],
        [ORG, PERSON, ("trong khu vực đã có quy hoạch chi tiết", "in areas with a detailed plan")],
    ),
    "nha_o": (
        [
            (
                "L",
                "giấy chứng nhận đủ điều kiện mua nhà ở xã hội",
                "social housing eligibility certificates",
            ),
            ("D", "kế hoạch phát triển nhà ở", "housing development plans"),
            ("R", "hợp đồng cho thuê nhà ở công vụ", "official housing lease contracts"),
            (
                "D",
                "phương án cải tạo, xây dựng lại nhà chung cư",
                "plans to rebuild apartment buildings",
            ),
        ],
        [ORG, PERSON, ("đối với người thu nhập thấp", "for low-income earners")],
    ),
    "quy_hoach": (
        [
            ("D", "nhiệm vụ quy hoạch chung xã", "commune master planning tasks"),
            ("D", "đồ án quy hoạch chi tiết xây dựng", "detailed construction plans"),
            ("L", "chứng chỉ hành nghề kiến trúc", "architecture practising certificates"),
            ("R", "thông tin về chỉ giới xây dựng", "building lines"),
        ],
        [("khu vực nông thôn", "in rural areas"), ("khu vực đô thị", "in urban areas")],
    ),
    "kd_bds": (
        [
            (
                "L",
                "chứng chỉ hành nghề môi giới bất động sản",
                "real estate brokerage certificates",
            ),
            ("R", "hoạt động sàn giao dịch bất động sản", "real estate exchange operation"),
            ("D", "việc chuyển nhượng dự án bất động sản", "transfer of real estate projects"),
        ],
        [ORG, FDI],
    ),
    "duong_bo": (
        [
            ("L", "giấy phép lái xe hạng A1", "class A1 driving licences"),
            ("L", "giấy phép lái xe hạng B", "class B driving licences"),
            ("L", "giấy phép lái xe hạng C", "class C driving licences"),
            ("L", "phù hiệu xe taxi", "taxi badges"),
            ("L", "giấy phép vận tải đường bộ quốc tế", "international road transport permits"),
            ("D", "phương án tổ chức giao thông", "traffic organisation plans"),
        ],
        [ORG, PERSON, ONLINE],
    ),
    "duong_thuy": (
        [
            (
                "L",
                "giấy chứng nhận đăng ký phương tiện thủy nội địa",
                "inland vessel registration certificates",
            ),
            ("L", "giấy phép hoạt động bến khách ngang sông", "river-crossing landing permits"),
            (
                "R",
                "phương tiện thô sơ có trọng tải toàn phần dưới 1 tấn",
                "non-motorised craft under 1 tonne",
            ),
            ("D", "phương án vận tải hàng hóa siêu trường", "oversized cargo transport plans"),
        ],
        [ORG, PERSON],
    ),
    "ho_kinh_doanh": (
        [
            (
                "L",
                "giấy chứng nhận đăng ký hộ kinh doanh",
                "household business registration certificates",
            ),
            (
                "R",
                "ngành, nghề kinh doanh của hộ kinh doanh",
                "business lines of household businesses",
            ),
            (
                "R",
                "địa điểm kinh doanh của hộ kinh doanh",
                "business locations of household businesses",
            ),
            ("R", "chủ hộ kinh doanh", "household business owners"),
        ],
        [ONLINE, ("trường hợp chuyển địa điểm sang xã khác", "when moving to another commune")],
    ),
    "doanh_nghiep": (
        [
            ("L", "giấy chứng nhận đăng ký doanh nghiệp", "enterprise registration certificates"),
            ("R", "thông tin người quản lý doanh nghiệp", "enterprise manager information"),
            ("R", "ngành, nghề kinh doanh của doanh nghiệp", "business lines of enterprises"),
            ("R", "chủ sở hữu hưởng lợi của doanh nghiệp", "beneficial owners of enterprises"),
            ("R", "địa điểm kinh doanh", "business locations"),
        ],
        [FDI, ONLINE, ("đối với công ty cổ phần", "for joint-stock companies")],
    ),
    "hop_tac_xa": (
        [
            ("L", "giấy chứng nhận đăng ký hợp tác xã", "cooperative registration certificates"),
            ("R", "liên hiệp hợp tác xã", "cooperative unions"),
            ("R", "tổ hợp tác", "cooperative groups"),
            ("D", "phương án sản xuất, kinh doanh của hợp tác xã", "cooperative business plans"),
        ],
        [ONLINE, ("hoạt động trong lĩnh vực nông nghiệp", "in agriculture")],
    ),
    "dau_tu": (
        [
            ("L", "giấy chứng nhận đăng ký đầu tư", "investment registration certificates"),
            ("D", "chủ trương đầu tư dự án", "investment policies of projects"),
            ("D", "tiến độ thực hiện dự án đầu tư", "investment project schedules"),
            (
                "R",
                "việc góp vốn, mua cổ phần của nhà đầu tư nước ngoài",
                "capital contributions by foreign investors",
            ),
        ],
        [
            FDI,
            ("trong khu công nghiệp", "in industrial parks"),
            ("ngoài khu kinh tế", "outside economic zones"),
        ],
    ),
    "luu_thong": (
        [
            ("L", "giấy phép bán buôn rượu", "alcohol wholesale licences"),
            ("L", "giấy phép bán lẻ sản phẩm thuốc lá", "tobacco retail licences"),
            ("L", "giấy chứng nhận đủ điều kiện kinh doanh khí", "gas trading certificates"),
            ("L", "giấy phép kinh doanh bán lẻ hàng hóa", "goods retail licences"),
            ("L", "giấy chứng nhận cửa hàng bán lẻ LPG chai", "bottled LPG retail certificates"),
        ],
        [
            FDI,
            ("tại khu vực nông thôn", "in rural areas"),
            ("tại khu vực thành thị", "in urban areas"),
        ],
    ),
    "xuc_tien_tm": (
        [
            ("R", "chương trình khuyến mại mang tính may rủi", "lucky-draw promotions"),
            ("R", "hội chợ, triển lãm thương mại", "trade fairs"),
            (
                "R",
                "văn phòng đại diện của thương nhân nước ngoài",
                "representative offices of foreign traders",
            ),
        ],
        [ONLINE, ("trên địa bàn nhiều xã", "across several communes")],
    ),
    "dien": (
        [
            ("L", "giấy phép hoạt động điện lực", "electricity operating licences"),
            ("L", "thẻ an toàn điện", "electrical safety cards"),
            ("D", "phương án cấp điện", "power supply plans"),
        ],
        [("đối với điện mặt trời mái nhà", "for rooftop solar"), ORG],
    ),
    "hoa_chat": (
        [
            (
                "L",
                "giấy chứng nhận đủ điều kiện sản xuất hóa chất",
                "chemical production certificates",
            ),
            ("L", "giấy phép kinh doanh hóa chất hạn chế", "restricted chemical trading licences"),
            (
                "D",
                "biện pháp phòng ngừa, ứng phó sự cố hóa chất",
                "chemical incident prevention measures",
            ),
        ],
        [FDI, ("trong khu công nghiệp", "in industrial parks")],
    ),
    "attp": (
        [
            (
                "L",
                "giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm",
                "food safety certificates",
            ),
            ("R", "bản công bố sản phẩm thực phẩm", "food product declarations"),
            ("L", "giấy xác nhận nội dung quảng cáo thực phẩm", "food advertising approvals"),
            (
                "L",
                "giấy chứng nhận kiến thức an toàn thực phẩm",
                "food safety knowledge certificates",
            ),
        ],
        [
            ("đối với bếp ăn tập thể", "for canteens"),
            ("đối với cơ sở sản xuất nhỏ lẻ", "for small producers"),
            ("đối với chợ đầu mối", "for wholesale markets"),
        ],
    ),
    "cong_san": (
        [
            ("D", "phương án xử lý tài sản công", "public asset disposal plans"),
            ("D", "việc bán tài sản công", "sale of public assets"),
            (
                "D",
                "việc cho thuê tài sản công tại đơn vị sự nghiệp",
                "lease of public assets by public service units",
            ),
        ],
        [("đối với xe ô tô", "for cars"), ("đối với trụ sở làm việc", "for office buildings")],
    ),
    "dat_dai": (
        [
            ("L", "giấy chứng nhận quyền sử dụng đất", "land use right certificates"),
            (
                "R",
                "biến động đất đai do chuyển đổi mục đích sử dụng",
                "land changes due to change of use",
            ),
            ("D", "giá đất cụ thể", "specific land prices"),
            (
                "D",
                "phương án bồi thường, hỗ trợ, tái định cư",
                "compensation and resettlement plans",
            ),
            ("R", "quyền sử dụng hạn chế thửa đất liền kề", "easements over adjacent parcels"),
            ("L", "bản trích đo địa chính thửa đất", "cadastral surveys of parcels"),
        ],
        [
            ORG,
            PERSON,
            ("đối với đất nông nghiệp", "for agricultural land"),
            ("đối với đất ở", "for residential land"),
        ],
    ),
    "moi_truong": (
        [
            ("L", "giấy phép môi trường thành phần", "component environmental permits"),
            ("D", "phương án cải tạo, phục hồi môi trường", "environmental rehabilitation plans"),
            (
                "D",
                "kế hoạch vận hành thử nghiệm công trình xử lý chất thải",
                "waste treatment trial plans",
            ),
            ("R", "chủ nguồn thải chất thải nguy hại", "hazardous waste generators"),
        ],
        [
            (
                "đối với cơ sở sản xuất, kinh doanh, dịch vụ",
                "for production and service establishments",
            ),
            ("đối với cụm công nghiệp", "for industrial clusters"),
        ],
    ),
    "tai_nguyen_nuoc": (
        [
            ("L", "giấy phép xả nước thải vào nguồn nước", "wastewater discharge permits"),
            ("L", "giấy phép khai thác nước biển", "seawater abstraction permits"),
            ("R", "khai thác nước mặt cho sinh hoạt", "surface water use for domestic purposes"),
            ("D", "phương án chuyển nước", "water transfer plans"),
        ],
        [ORG, ("quy mô nhỏ", "small scale")],
    ),
    "khoang_san": (
        [
            (
                "L",
                "giấy phép khai thác khoáng sản làm vật liệu xây dựng thông thường",
                "licences to mine common construction materials",
            ),
            (
                "L",
                "giấy phép khai thác tận thu khoáng sản",
                "licences for residual mineral recovery",
            ),
            ("D", "trữ lượng khoáng sản", "mineral reserves"),
        ],
        [("trong diện tích dự án đầu tư xây dựng công trình", "within construction project areas")],
    ),
    "thu_y": (
        [
            (
                "L",
                "giấy chứng nhận kiểm dịch sản phẩm động vật",
                "animal product quarantine certificates",
            ),
            (
                "L",
                "giấy chứng nhận đủ điều kiện buôn bán thuốc thú y",
                "veterinary medicine trading certificates",
            ),
            ("R", "cơ sở chăn nuôi nông hộ", "household livestock farms"),
            ("L", "giấy chứng nhận vệ sinh thú y", "veterinary hygiene certificates"),
        ],
        [("vận chuyển trong địa bàn tỉnh", "transported within the province"), ORG],
    ),
    "trong_trot": (
        [
            (
                "L",
                "giấy chứng nhận đủ điều kiện sản xuất phân bón",
                "fertiliser production certificates",
            ),
            (
                "L",
                "giấy chứng nhận đủ điều kiện buôn bán phân bón",
                "fertiliser trading certificates",
            ),
            ("R", "mã số vùng trồng", "growing area codes"),
            ("D", "vườn cây đầu dòng", "mother orchards"),
        ],
        [("phục vụ xuất khẩu", "for export"), ORG],
    ),
    "lam_nghiep": (
        [
            ("D", "phương án trồng rừng thay thế", "replacement afforestation plans"),
            ("R", "cơ sở nuôi động vật rừng thông thường", "farms of common forest animals"),
            ("D", "phương án khai thác lâm sản", "forest product harvesting plans"),
            (
                "L",
                "giấy chứng nhận nguồn gốc giống cây trồng lâm nghiệp",
                "forest seedling origin certificates",
            ),
        ],
        [("đối với chủ rừng là hộ gia đình, cá nhân", "for household forest owners"), ORG],
    ),
    "thuy_san": (
        [
            (
                "L",
                "giấy chứng nhận cơ sở đủ điều kiện nuôi trồng thủy sản",
                "aquaculture eligibility certificates",
            ),
            ("L", "giấy chứng nhận an toàn kỹ thuật tàu cá", "fishing vessel safety certificates"),
            ("R", "tàu cá có chiều dài dưới 12 mét", "fishing vessels under 12 metres"),
            ("L", "giấy chứng nhận thủy sản khai thác", "catch certificates"),
        ],
        [
            ("hoạt động vùng ven bờ", "operating in coastal waters"),
            ("hoạt động vùng lộng", "operating in inshore waters"),
        ],
    ),
    "thuy_loi": (
        [
            (
                "L",
                "giấy phép xả nước thải vào công trình thủy lợi",
                "permits to discharge into irrigation works",
            ),
            ("D", "phương án bảo vệ công trình thủy lợi", "irrigation works protection plans"),
            ("D", "quy trình vận hành hồ chứa", "reservoir operating procedures"),
        ],
        [("công trình thủy lợi nhỏ", "small irrigation works"), ORG],
    ),
    "cu_tru": (
        [
            (
                "R",
                "thường trú tại chỗ ở hợp pháp do thuê, mượn, ở nhờ",
                "permanent residence in rented or borrowed housing",
            ),
            ("R", "tạm trú cho người nước ngoài", "temporary residence of foreigners"),
            (
                "R",
                "cư trú cho người sinh sống trên phương tiện",
                "residence of people living on vessels",
            ),
            ("R", "thông tin về nơi ở hiện tại", "current place of residence"),
        ],
        [ONLINE, ("cho người chưa thành niên", "for minors")],
    ),
    "can_cuoc": (
        [
            ("L", "thẻ căn cước", "identity cards"),
            ("L", "giấy chứng nhận căn cước", "identity certificates"),
            ("R", "thông tin sinh trắc học", "biometric information"),
            (
                "R",
                "tài khoản định danh điện tử mức độ 2",
                "level 2 electronic identification accounts",
            ),
        ],
        [("cho người dưới 06 tuổi", "for children under 6"), ONLINE],
    ),
    "dang_ky_xe": (
        [
            ("L", "chứng nhận đăng ký xe tạm thời", "temporary vehicle registration certificates"),
            ("L", "biển số xe định danh", "personal number plates"),
            ("R", "xe máy chuyên dùng", "special-purpose machinery"),
            ("R", "xe mô tô, xe gắn máy", "motorcycles and mopeds"),
        ],
        [ORG, PERSON, ONLINE],
    ),
    "xuat_nhap_canh": (
        [
            ("L", "hộ chiếu phổ thông", "ordinary passports"),
            (
                "L",
                "thẻ thường trú cho người nước ngoài",
                "permanent residence cards for foreigners",
            ),
            ("L", "giấy thông hành", "laissez-passers"),
            ("R", "tạm trú của người nước ngoài", "temporary stay of foreigners"),
        ],
        [("cho trẻ em dưới 14 tuổi", "for children under 14"), ONLINE],
    ),
    "pccc": (
        [
            ("D", "thiết kế về phòng cháy và chữa cháy", "fire safety designs"),
            (
                "L",
                "chứng chỉ hành nghề tư vấn về phòng cháy và chữa cháy",
                "fire safety consulting certificates",
            ),
            ("D", "phương án chữa cháy của cơ sở", "firefighting plans of facilities"),
            (
                "L",
                "giấy chứng nhận kiểm định phương tiện phòng cháy và chữa cháy",
                "fire equipment inspection certificates",
            ),
        ],
        [("đối với nhà ở kết hợp kinh doanh", "for mixed-use houses"), ORG],
    ),
    "antt": (
        [
            (
                "L",
                "giấy chứng nhận đủ điều kiện về an ninh, trật tự",
                "security and order certificates",
            ),
            ("R", "mẫu con dấu", "seal specimens"),
            ("R", "cơ sở kinh doanh dịch vụ cầm đồ", "pawnshops"),
            ("R", "cơ sở kinh doanh dịch vụ lưu trú", "accommodation establishments"),
        ],
        [ORG, ("đối với hộ kinh doanh", "for household businesses")],
    ),
    "lao_dong": (
        [
            ("L", "giấy phép lao động", "work permits"),
            ("R", "hợp đồng nhận lao động thực tập", "internship labour contracts"),
            ("R", "thang lương, bảng lương", "pay scales"),
            ("D", "nhu cầu sử dụng người lao động nước ngoài", "demand for foreign workers"),
        ],
        [
            FDI,
            (
                "đối với lao động làm việc theo hình thức di chuyển nội bộ",
                "for intra-company transferees",
            ),
        ],
    ),
    "viec_lam": (
        [
            ("S", "trợ cấp thất nghiệp", "unemployment benefits"),
            ("S", "hỗ trợ đào tạo nâng cao trình độ kỹ năng nghề", "vocational upskilling support"),
            ("R", "việc làm trống", "job vacancies"),
            ("S", "hỗ trợ duy trì việc làm", "job retention support"),
        ],
        [("cho người lao động", "for workers"), ("cho người sử dụng lao động", "for employers")],
    ),
    "bao_tro_xa_hoi": (
        [
            ("S", "trợ cấp xã hội hằng tháng", "monthly social allowances"),
            (
                "S",
                "hỗ trợ kinh phí nhận chăm sóc người cao tuổi",
                "support for caring for older people",
            ),
            ("S", "trợ giúp xã hội đột xuất", "emergency social assistance"),
            (
                "S",
                "hỗ trợ chi phí điều trị người bị thương nặng",
                "support for treatment of seriously injured persons",
            ),
        ],
        [
            ("đối với người cao tuổi", "for older people"),
            ("đối với người khuyết tật", "for persons with disabilities"),
            ("đối với trẻ em mồ côi", "for orphans"),
        ],
    ),
    "tre_em": (
        [
            (
                "D",
                "kế hoạch can thiệp đối với trẻ em bị xâm hại",
                "intervention plans for abused children",
            ),
            ("S", "hỗ trợ chăm sóc thay thế", "alternative care support"),
            ("R", "nhận chăm sóc thay thế", "alternative care"),
        ],
        [("có hoàn cảnh đặc biệt", "in special circumstances")],
    ),
    "giam_ngheo": (
        [
            ("D", "hộ nghèo", "poor households"),
            ("D", "hộ cận nghèo", "near-poor households"),
            ("S", "hỗ trợ nhà ở cho hộ nghèo", "housing support for poor households"),
        ],
        [
            ("phát sinh trong năm", "arising during the year"),
            ("theo kỳ rà soát định kỳ", "in periodic reviews"),
        ],
    ),
    "nguoi_co_cong": (
        [
            ("S", "trợ cấp ưu đãi đối với thương binh", "preferential allowances for war invalids"),
            (
                "S",
                "trợ cấp tuất đối với thân nhân liệt sĩ",
                "survivor allowances for martyrs' relatives",
            ),
            (
                "S",
                "chế độ ưu đãi giáo dục đối với con của người có công",
                "education benefits for children of persons with meritorious services",
            ),
            (
                "S",
                "hỗ trợ cải thiện nhà ở đối với người có công",
                "housing support for persons with meritorious services",
            ),
        ],
        [
            ("thực hiện lần đầu", "first application"),
            ("khi thay đổi nơi thường trú", "after moving"),
        ],
    ),
    "thi_dua": (
        [
            ("D", "danh hiệu Chiến sĩ thi đua cơ sở", "grassroots emulation fighter title"),
            ("D", "danh hiệu Tập thể lao động tiên tiến", "advanced collective title"),
            ("D", "khen thưởng đột xuất", "ad hoc commendation"),
            ("D", "khen thưởng theo niên hạn", "long-service commendation"),
        ],
        [("cho hộ gia đình", "for households"), ("cho doanh nghiệp", "for enterprises")],
    ),
    "ton_giao": (
        [
            (
                "R",
                "hoạt động tôn giáo ngoài cơ sở tôn giáo",
                "religious activities outside religious premises",
            ),
            ("R", "người vào tu", "novices"),
            (
                "D",
                "việc thành lập tổ chức tôn giáo trực thuộc",
                "establishment of affiliated religious organisations",
            ),
            (
                "R",
                "hội nghị, đại hội của tổ chức tôn giáo",
                "conferences of religious organisations",
            ),
        ],
        [
            ("có địa bàn hoạt động ở một xã", "active in one commune"),
            ("có địa bàn hoạt động ở nhiều xã", "active in several communes"),
        ],
    ),
    "hoi_quy": (
        [
            ("D", "việc chia, tách, sáp nhập, hợp nhất hội", "division or merger of associations"),
            ("D", "việc giải thể hội", "dissolution of associations"),
            ("D", "việc đổi tên quỹ", "renaming of funds"),
            ("L", "giấy phép thành lập quỹ", "fund establishment licences"),
        ],
        [
            ("có phạm vi hoạt động trong xã", "operating within a commune"),
            ("có phạm vi hoạt động trong tỉnh", "operating within the province"),
        ],
    ),
    "vien_chuc": (
        [
            ("D", "kết quả tuyển dụng viên chức", "public employee recruitment results"),
            (
                "D",
                "việc chuyển đổi chức danh nghề nghiệp viên chức",
                "conversion of professional titles",
            ),
            ("D", "việc xếp lương viên chức", "salary grading of public employees"),
        ],
        [
            ("trong đơn vị sự nghiệp giáo dục", "in education units"),
            ("trong đơn vị sự nghiệp y tế", "in health units"),
        ],
    ),
    "tiep_cong_dan": (
        [
            ("R", "đơn kiến nghị, phản ánh", "petitions and feedback"),
            ("R", "lịch tiếp công dân", "citizen reception schedules"),
        ],
        [("của cơ quan chuyên môn", "of specialised agencies")],
    ),
    "khieu_nai": (
        [
            (
                "S",
                "khiếu nại về quyết định hành chính trong quản lý đất đai",
                "complaints about land administration decisions",
            ),
            (
                "S",
                "khiếu nại về quyết định kỷ luật cán bộ, công chức",
                "complaints about disciplinary decisions",
            ),
        ],
        [("lần đầu", "first time"), ("lần hai", "second time")],
    ),
    "to_cao": (
        [
            (
                "S",
                "tố cáo hành vi vi phạm pháp luật trong thực hiện nhiệm vụ, công vụ",
                "denunciations of misconduct in public duties",
            ),
            (
                "S",
                "tố cáo đối với hành vi vi phạm về quản lý nhà nước",
                "denunciations of violations of state management",
            ),
        ],
        [("tại cơ quan chuyên môn", "at specialised agencies")],
    ),
    "van_hoa": (
        [
            ("L", "giấy phép kinh doanh dịch vụ karaoke", "karaoke business licences"),
            ("R", "lễ hội truyền thống", "traditional festivals"),
            ("R", "sản phẩm quảng cáo trên phương tiện giao thông", "advertisements on vehicles"),
            ("D", "danh hiệu Thôn, Tổ dân phố văn hóa", "cultured village titles"),
        ],
        [("tại phường", "in wards"), ("tại xã", "in communes")],
    ),
    "nghe_thuat": (
        [
            ("R", "chương trình biểu diễn nghệ thuật", "performing arts programmes"),
            (
                "D",
                "cuộc thi, liên hoan nghệ thuật quần chúng",
                "amateur arts contests and festivals",
            ),
            ("R", "hoạt động biểu diễn của nghệ sĩ nước ngoài", "performances by foreign artists"),
        ],
        [
            ("tại địa điểm công cộng", "in public places"),
            ("có yếu tố nước ngoài", "with a foreign element"),
        ],
    ),
    "di_san": (
        [
            ("D", "dự án tu bổ di tích cấp tỉnh", "provincial monument restoration projects"),
            ("L", "chứng chỉ hành nghề bảo quản di tích", "monument conservation certificates"),
            ("R", "di vật, cổ vật", "relics and antiquities"),
            (
                "D",
                "báo cáo kinh tế - kỹ thuật bảo quản di tích",
                "monument conservation technical reports",
            ),
        ],
        [("thuộc quần thể di tích Cố đô Huế", "within the Complex of Huế Monuments"), ORG],
    ),
    "the_thao": (
        [
            (
                "L",
                "giấy chứng nhận đủ điều kiện kinh doanh hoạt động thể thao",
                "sports business certificates",
            ),
            ("R", "giải thi đấu thể thao quần chúng", "amateur sports tournaments"),
            ("D", "câu lạc bộ thể thao cơ sở", "grassroots sports clubs"),
        ],
        [
            ("đối với môn Bóng chuyền", "for volleyball"),
            ("đối với môn Cầu lông", "for badminton"),
            ("đối với môn Bóng bàn", "for table tennis"),
            ("đối với môn Võ thuật", "for martial arts"),
        ],
    ),
    "du_lich": (
        [
            (
                "L",
                "giấy phép kinh doanh dịch vụ lữ hành quốc tế",
                "international travel business licences",
            ),
            ("L", "biển hiệu phương tiện vận tải khách du lịch", "tourist vehicle signs"),
            ("D", "hạng cơ sở lưu trú du lịch", "tourist accommodation ratings"),
            ("D", "cơ sở mua sắm đạt tiêu chuẩn phục vụ khách du lịch", "tourist-standard shops"),
        ],
        [
            ("hạng 3 sao", "3-star"),
            ("loại nhà nghỉ du lịch", "tourist guesthouses"),
            ("loại homestay", "homestays"),
        ],
    ),
    "xuat_ban": (
        [
            ("L", "giấy phép hoạt động in xuất bản phẩm", "publication printing licences"),
            ("L", "giấy phép xuất bản bản tin", "newsletter licences"),
            ("R", "máy photocopy màu", "colour photocopiers"),
            (
                "L",
                "giấy phép phát hành tài liệu không kinh doanh",
                "non-commercial distribution licences",
            ),
        ],
        [ORG, ("của cơ quan, tổ chức nước ngoài", "of foreign organisations")],
    ),
    "thong_tin_dien_tu": (
        [
            ("L", "giấy phép thiết lập mạng xã hội", "social network licences"),
            ("L", "giấy phép xuất bản đặc san", "special issue licences"),
            ("R", "trang thông tin điện tử nội bộ", "internal websites"),
        ],
        [ORG, FDI],
    ),
    "buu_chinh": (
        [
            ("L", "giấy phép bưu chính", "postal licences"),
            (
                "R",
                "hoạt động của chi nhánh doanh nghiệp bưu chính",
                "branches of postal enterprises",
            ),
            ("R", "dịch vụ chuyển phát", "courier services"),
        ],
        [FDI, ("trong phạm vi nội tỉnh", "within the province")],
    ),
    "giao_duc": (
        [
            (
                "L",
                "bản sao văn bằng tốt nghiệp trung học cơ sở",
                "copies of lower secondary diplomas",
            ),
            (
                "L",
                "giấy phép hoạt động giáo dục của trung tâm kỹ năng sống",
                "life-skills centre licences",
            ),
            (
                "D",
                "việc thành lập trường tiểu học tư thục",
                "establishment of private primary schools",
            ),
            (
                "D",
                "việc sáp nhập, chia, tách trường trung học",
                "merger or division of secondary schools",
            ),
            ("S", "hỗ trợ chi phí học tập", "study cost support"),
        ],
        [
            ("đối với học sinh khuyết tật", "for pupils with disabilities"),
            ("tại vùng đặc biệt khó khăn", "in extremely disadvantaged areas"),
            ORG,
        ],
    ),
    "gdnn": (
        [
            (
                "L",
                "giấy chứng nhận đăng ký hoạt động liên kết đào tạo với nước ngoài",
                "foreign joint training registration certificates",
            ),
            (
                "D",
                "việc thành lập trường trung cấp tư thục",
                "establishment of private intermediate schools",
            ),
            (
                "S",
                "hỗ trợ đào tạo nghề cho lao động nông thôn",
                "vocational training support for rural workers",
            ),
        ],
        [ORG, FDI],
    ),
    "kbcb": (
        [
            (
                "L",
                "giấy phép hành nghề đối với chức danh y sỹ",
                "practising licences for assistant doctors",
            ),
            (
                "L",
                "giấy phép hoạt động đối với phòng khám chuyên khoa",
                "licences for specialist clinics",
            ),
            (
                "L",
                "giấy phép hoạt động đối với cơ sở dịch vụ cấp cứu, hỗ trợ vận chuyển người bệnh",
                "licences for ambulance services",
            ),
            (
                "R",
                "người chịu trách nhiệm chuyên môn kỹ thuật",
                "persons in charge of professional matters",
            ),
        ],
        [
            ("thuộc thẩm quyền của Sở Y tế", "under the health department"),
            ("có yếu tố nước ngoài", "with a foreign element"),
        ],
    ),
    "duoc": (
        [
            ("L", "chứng chỉ hành nghề dược", "pharmacy practising certificates"),
            (
                "L",
                "giấy chứng nhận đủ điều kiện kinh doanh dược đối với quầy thuốc",
                "eligibility certificates for drug counters",
            ),
            ("R", "thông tin thuốc", "drug information"),
            ("L", "giấy xác nhận nội dung quảng cáo mỹ phẩm", "cosmetics advertising approvals"),
        ],
        [
            ("theo hình thức thi", "by examination"),
            ("tại xã đặc biệt khó khăn", "in extremely disadvantaged communes"),
        ],
    ),
    "khcn": (
        [
            (
                "L",
                "giấy chứng nhận đăng ký hợp đồng chuyển giao công nghệ",
                "technology transfer contract registration certificates",
            ),
            (
                "D",
                "nhiệm vụ khoa học và công nghệ cấp tỉnh",
                "provincial science and technology tasks",
            ),
            (
                "L",
                "giấy chứng nhận đăng ký hoạt động của văn phòng đại diện tổ chức khoa học và công nghệ",
                "registration certificates of S&T representative offices",
            ),
        ],
        [ORG, FDI],
    ),
    "buc_xa": (
        [
            ("L", "giấy phép tiến hành công việc bức xạ", "radiation work licences"),
            ("L", "chứng chỉ nhân viên bức xạ", "radiation worker certificates"),
            ("D", "kế hoạch ứng phó sự cố bức xạ", "radiation incident response plans"),
        ],
        [
            ("đối với thiết bị X-quang chụp răng", "for dental X-ray equipment"),
            ("đối với thiết bị X-quang tăng sáng truyền hình", "for fluoroscopy equipment"),
        ],
    ),
    "tc_do_luong": (
        [
            ("R", "bản công bố hợp chuẩn", "declarations of conformity with standards"),
            (
                "L",
                "giấy chứng nhận đăng ký hoạt động thử nghiệm",
                "testing activity registration certificates",
            ),
            ("L", "chứng chỉ kiểm định viên đo lường", "metrology inspector certificates"),
            ("R", "phương tiện đo nhóm 2", "group 2 measuring instruments"),
        ],
        [
            ("đối với hàng hóa nhập khẩu", "for imported goods"),
            ("đối với sản phẩm sản xuất trong nước", "for domestic products"),
        ],
    ),
}
