// The class names of Fashion-MNIST (in label order) and their garment families.
#include "ml/fashion_mnist.hpp"

#include <stdexcept>

namespace arbiter::ml {

const std::vector<std::string>& fashion_class_names() {
  static const std::vector<std::string> names = {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                                                 "Sandal",      "Shirt",   "Sneaker",  "Bag",   "Ankle boot"};
  return names;
}

const std::vector<std::string>& fashion_family_names() {
  static const std::vector<std::string> names = {"tops", "bottoms", "dresses", "shoes", "bags"};
  return names;
}

const std::string& fashion_family(int label) {
  static const int family_of[10] = {0, 1, 0, 2, 0, 3, 0, 3, 4, 3};
  if (label < 0 || label >= 10) throw std::out_of_range("Fashion-MNIST label " + std::to_string(label));
  return fashion_family_names()[static_cast<std::size_t>(family_of[label])];
}

}  // namespace arbiter::ml
