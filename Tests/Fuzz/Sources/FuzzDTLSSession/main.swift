import FuzzSupport
import DTLS
runFuzzer { _ in }
