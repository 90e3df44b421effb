"""Vietnamese names and places for generated demo data."""

SURNAMES = [
    ("Nguyễn", 38), ("Trần", 11), ("Lê", 9), ("Phạm", 7), ("Hoàng", 5), ("Vũ", 4), ("Đặng", 3),
    ("Bùi", 3), ("Đỗ", 3), ("Hồ", 2), ("Ngô", 2), ("Dương", 2), ("Lý", 1), ("Ma", 1),
    ("Hà", 2), ("Lương", 1), ("Triệu", 1), ("Nông", 1), ("Đào", 1), ("Lục", 1),
]
MIDDLE_MALE = ["Văn", "Đức", "Minh", "Quang", "Hữu", "Xuân", "Thanh", "Công", "Trọng", "Mạnh"]
MIDDLE_FEMALE = ["Thị", "Thị", "Thị", "Thu", "Thanh", "Ngọc", "Minh", "Phương", "Kim", "Hồng"]
GIVEN_MALE = [
    "Hùng", "Dũng", "Tuấn", "Thắng", "Hải", "Long", "Nam", "Sơn", "Cường", "Bình", "Quân",
    "Toàn", "Hiếu", "Đạt", "Khánh", "Trung", "Phúc", "Việt", "Thành", "Huy", "Lâm", "Tiến",
]
GIVEN_FEMALE = [
    "Lan", "Hương", "Hoa", "Mai", "Hằng", "Thủy", "Nga", "Loan", "Yến", "Trang", "Linh",
    "Hạnh", "Dung", "Thảo", "Nhung", "Huyền", "Vân", "Oanh", "Giang", "Phượng", "Ngân",
]
ETHNICITIES = [("Kinh", 72), ("Tày", 11), ("Nùng", 6), ("Dao", 3), ("Sán Dìu", 3),
               ("Sán Chay", 2), ("Mông", 2), ("Hoa", 1)]
RELIGIONS = [("Không", 94), ("Phật giáo", 4), ("Công giáo", 2)]
EDUCATION = ["12/12", "12/12", "Đại học", "Đại học", "Thạc sĩ", "9/12", "Cao đẳng", "Trung cấp"]
PROFESSIONS = [
    "Cán bộ, công chức", "Viên chức giáo dục", "Nông dân", "Công nhân", "Bác sĩ", "Kỹ sư",
    "Hưu trí", "Kinh doanh", "Sinh viên", "Quân nhân", "Công an", "Giáo viên",
]
PLACES = [
    "Thái Nguyên", "Phú Bình, Thái Nguyên", "Đại Từ, Thái Nguyên", "Định Hóa, Thái Nguyên",
    "Võ Nhai, Thái Nguyên", "Đồng Hỷ, Thái Nguyên", "Phổ Yên, Thái Nguyên", "Bắc Kạn",
    "Bắc Giang", "Tuyên Quang", "Hà Nội", "Nam Định", "Thái Bình",
]

# The 16 party organisations under the Thái Nguyên provincial committee, with members and
# the share that had registered on the handbook (seed 002, table of 02/6/2022).
PROVINCE_UNITS = [
    ("Đảng bộ thành phố Thái Nguyên", 27525, 0.87, "ward"),
    ("Đảng bộ huyện Đại Từ", 9509, 0.75, "commune"),
    ("Đảng bộ huyện Đồng Hỷ", 5320, 0.67, "commune"),
    ("Đảng bộ thành phố Phổ Yên", 8785, 0.86, "ward"),
    ("Đảng bộ huyện Phú Bình", 7625, 0.89, "commune"),
    ("Đảng bộ huyện Võ Nhai", 5052, 0.75, "commune"),
    ("Đảng bộ huyện Định Hóa", 7921, 0.71, "commune"),
    ("Đảng bộ huyện Phú Lương", 5762, 0.82, "commune"),
    ("Đảng bộ thành phố Sông Công", 5936, 0.99, "ward"),
    ("Đảng bộ Khối các cơ quan tỉnh", 5287, 0.88, "agency"),
    ("Đảng bộ Đại học Thái Nguyên", 2935, 0.86, "agency"),
    ("Đảng bộ Công ty cổ phần Gang thép Thái Nguyên", 1760, 1.0, "company"),
    ("Đảng bộ Công ty cổ phần Kim loại màu VIMICO", 548, 0.93, "company"),
    ("Đảng bộ Bệnh viện Trung ương Thái Nguyên", 623, 0.87, "agency"),
    ("Đảng bộ Quân sự tỉnh", 405, 0.02, "agency"),
    ("Đảng bộ Công an tỉnh", 890, 0.03, "agency"),
]

GRASSROOTS_PREFIX = {"ward": "Đảng bộ phường", "commune": "Đảng bộ xã",
                     "agency": "Đảng bộ cơ sở", "company": "Đảng bộ phân xưởng"}
PLACE_NAMES = [
    "Hoàng Văn Thụ", "Quang Trung", "Tân Thịnh", "Phan Đình Phùng", "Túc Duyên", "Gia Sàng",
    "Đồng Quang", "Quán Triều", "Tân Lập", "Thịnh Đán", "Hương Sơn", "Trung Thành", "Phú Xá",
    "Tân Cương", "Phúc Xuân", "Quyết Thắng", "Đồng Bẩm", "Cao Ngạn", "Sơn Cẩm", "Huống Thượng",
    "La Hiên", "Tràng Xá", "Bình Yên", "Điềm Mặc", "Phú Đình", "Kim Phượng", "Định Biên",
    "Văn Lăng", "Hóa Thượng", "Minh Lập", "Yên Lạc", "Động Đạt", "Hợp Thành", "Ôn Lương",
]
CELL_KINDS = ["Chi bộ xóm", "Chi bộ tổ dân phố", "Chi bộ thôn", "Chi bộ trường", "Chi bộ trạm y tế"]
