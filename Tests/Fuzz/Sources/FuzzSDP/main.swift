import FuzzSupport
import SDP

runFuzzer { bytes in
    if bytes.count > 3 && bytes[0] == 1 && bytes[1] == 2 && bytes[2] == 3 { }
}
