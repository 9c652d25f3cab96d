// Fashion-MNIST's ten classes (Xiao, Rasul & Vollgraf 2017) and a grouping of them into garment families
// (tops: T-shirt/top, pullover, coat, shirt; bottoms: trouser; dresses: dress; shoes: sandal, sneaker,
// ankle boot; bags: bag), for per-group results. Labels outside [0, 10) throw std::out_of_range.
#pragma once
#include <string>
#include <vector>

namespace arbiter::ml {

const std::vector<std::string>& fashion_class_names();
const std::vector<std::string>& fashion_family_names();  // tops, bottoms, dresses, shoes, bags
const std::string& fashion_family(int label);

}  // namespace arbiter::ml
