package org.skingpt.synthetic;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * Clinical wording written for this project from general medical knowledge: per condition a plain
 * description, causes and a conservative, non-prescriptive treatment paragraph, in English and Simplified
 * Chinese. Skin cancers always advise urgent referral to a dermatologist.
 *
 * <p>Rule kept by the tests: a condition's texts name that condition and no other, so that
 * {@link Condition#parseFrom} reads every answer back to its own condition.
 */
final class Texts {
    private Texts() {
    }

    static boolean isChinese(Locale locale) {
        return locale != null && "zh".equals(locale.getLanguage());
    }

    /** Description, causes and treatment of one condition in one language. */
    record Clinical(String description, String causes, String treatment) {
    }

    static final String DISCLAIMER_EN = "This answer was generated automatically from an image for information only;"
            + " it is not a diagnosis. Please consult a doctor or dermatologist.";
    static final String DISCLAIMER_ZH = "以上回答由系统根据图像自动生成，仅供参考，不构成诊断。请咨询医生或皮肤科医生。";

    static final String URGENT_EN = "Because this could be a skin cancer, please see a dermatologist urgently for"
            + " examination and, if needed, a biopsy.";
    static final String URGENT_ZH = "由于这可能是皮肤癌，请尽快到皮肤科就诊，必要时进行活检。";

    static Clinical clinical(Condition c, Locale locale) {
        return (isChinese(locale) ? ZH : EN).get(c);
    }

    private static final Map<Condition, Clinical> EN = new EnumMap<>(Condition.class);
    private static final Map<Condition, Clinical> ZH = new EnumMap<>(Condition.class);

    static {
        EN.put(Condition.MELANOMA, new Clinical(
                "Melanoma is a malignant tumour (a skin cancer) of the pigment-producing cells of the skin, the"
                        + " melanocytes. It often appears as a new or changing pigmented spot that is asymmetric, has"
                        + " an irregular border, several colours, a diameter above about 6 mm, or changes over time"
                        + " (the ABCDE warning signs).",
                "Melanoma develops when melanocytes acquire genetic damage and begin to grow uncontrollably. The"
                        + " main known risk factor is ultraviolet exposure, especially intermittent intense sun"
                        + " exposure, sunburn in childhood and the use of sunbeds. Other risk factors include fair skin"
                        + " that burns easily, a large number of moles or unusual moles, a personal or family history"
                        + " of melanoma, and a weakened immune system. Melanoma can also arise on skin that is rarely"
                        + " exposed to the sun, such as the palms, soles and nails, which is relatively more common in"
                        + " people with darker skin.",
                "A lesion like this needs urgent assessment by a dermatologist, ideally within two weeks. The"
                        + " diagnosis is made with dermoscopy and a biopsy, usually complete removal of the lesion,"
                        + " examined under the microscope. If melanoma is confirmed, the main treatment is surgical"
                        + " excision with a safety margin; depending on its thickness and stage, a specialist team may"
                        + " recommend further tests (such as a sentinel lymph node biopsy or scans) and treatments such"
                        + " as immunotherapy or targeted therapy. No cream or home remedy should be used instead of"
                        + " specialist assessment. Sun protection and regular skin self-examination are advised."));
        EN.put(Condition.NEVUS, new Clinical(
                "A melanocytic nevus (a mole) is a common benign, non-cancerous growth of pigment cells. Typical"
                        + " moles are small, round or oval, evenly coloured and have a smooth, regular border; they may"
                        + " be flat or slightly raised.",
                "A melanocytic nevus forms when melanocytes grow in a cluster instead of being spread evenly"
                        + " through the skin. The number of moles a person has depends mainly on genetics and on sun"
                        + " exposure in childhood; new moles commonly appear during childhood and early adulthood."
                        + " Most moles stay stable for life and are harmless.",
                "A typical melanocytic nevus needs no treatment. A doctor can remove one for cosmetic reasons or if"
                        + " it is repeatedly irritated. Watch for change using the ABCDE rule (asymmetry, border,"
                        + " colour, diameter, evolution) and see a dermatologist promptly if a mole changes, bleeds,"
                        + " itches persistently or looks different from your other moles. Sun protection is"
                        + " recommended."));
        EN.put(Condition.BASAL_CELL_CARCINOMA, new Clinical(
                "Basal cell carcinoma is the most common type of skin cancer. It grows slowly and rarely spreads to"
                        + " other organs, but it can damage the surrounding tissue if it is not treated. It typically"
                        + " appears as a pearly or translucent bump with fine visible blood vessels (telangiectasia),"
                        + " sometimes with a rolled edge or a central sore that bleeds or does not heal.",
                "Basal cell carcinoma arises from the basal cells of the epidermis, mainly as a result of long-term,"
                        + " cumulative ultraviolet exposure. The risk increases with age, fair skin, a history of"
                        + " sunburn, previous radiotherapy, a weakened immune system and some rare inherited"
                        + " syndromes.",
                "Please arrange a prompt referral to a dermatologist: basal cell carcinoma is a skin cancer and the"
                        + " diagnosis should be confirmed, usually with a biopsy. The specialist chooses the treatment"
                        + " according to the type, size and site; options include surgical excision, Mohs"
                        + " micrographic surgery, curettage, cryotherapy, topical treatments for superficial types"
                        + " (such as imiquimod or 5-fluorouracil), photodynamic therapy or radiotherapy. The outlook"
                        + " is very good with treatment. Because new lesions can develop, sun protection and regular"
                        + " skin checks are recommended."));
        EN.put(Condition.SEBORRHEIC_KERATOSIS, new Clinical(
                "Seborrheic keratosis is a very common benign skin growth in adults. It looks stuck on to the skin"
                        + " surface, with a waxy, rough or warty texture, and its colour ranges from light tan to dark"
                        + " brown or black.",
                "The exact cause of seborrheic keratosis is not known. It becomes more common with age and there is"
                        + " an inherited tendency; sun exposure may contribute. It is not caused by an infection, it"
                        + " is not contagious and it does not turn into skin cancer.",
                "Seborrheic keratosis does not need treatment. A doctor can remove one that is irritated, itchy or"
                        + " cosmetically bothersome, for example by cryotherapy, curettage, electrosurgery or laser."
                        + " Because some skin cancers can look similar, a lesion that grows quickly, bleeds or looks"
                        + " unusual should be examined by a dermatologist."));
        EN.put(Condition.PSORIASIS, new Clinical(
                "Psoriasis is a chronic, immune-mediated inflammatory skin disease. Its most common form, plaque"
                        + " psoriasis, causes well-demarcated red, thickened plaques covered with silvery-white scale,"
                        + " often on the elbows, knees, scalp and lower back. On darker skin the plaques can look"
                        + " violet, grey or dark brown. Psoriasis is not contagious.",
                "Psoriasis results from an overactive immune response that speeds up the turnover of skin cells."
                        + " Genetic factors play an important role. Flares can be triggered by infections (for example"
                        + " a streptococcal sore throat), skin injury, stress, smoking, alcohol and some medicines.",
                "Treatment of psoriasis should be guided by a doctor. Mild disease is usually treated with"
                        + " emollients and topical treatments such as corticosteroids, vitamin D analogues (for example"
                        + " calcipotriol) or combinations of the two. Extensive or difficult disease may need"
                        + " phototherapy or systemic treatment (such as methotrexate, ciclosporin, acitretin or"
                        + " biologic medicines), prescribed and monitored by a dermatologist. Psoriasis can be"
                        + " associated with joint inflammation and cardiovascular risk factors, so joint pain or"
                        + " swelling should be reported to a doctor."));
        EN.put(Condition.ECZEMA, new Clinical(
                "Eczema (dermatitis) is an inflammatory skin condition that causes itchy, dry, red or darker patches"
                        + " with ill-defined borders. Scratching can lead to excoriations, oozing and crusting, and"
                        + " long-standing areas can become thickened (lichenified). On darker skin the redness may be"
                        + " less obvious and the area may look brown, purple or grey.",
                "Atopic eczema is caused by a combination of an impaired skin barrier, genetic factors (for example"
                        + " variants of the filaggrin gene) and immune activation. Flares can be triggered by irritants"
                        + " such as soaps and detergents, allergens, dry or hot weather, sweating, stress and skin"
                        + " infection. Contact with an irritant or an allergen can also cause eczema (contact"
                        + " dermatitis). Eczema is not contagious.",
                "The basis of eczema care is the regular use of emollients (moisturisers), soap substitutes and the"
                        + " avoidance of known triggers. Flares are commonly treated, as advised by a doctor, with a"
                        + " topical corticosteroid of suitable strength for a short period, or with a topical"
                        + " calcineurin inhibitor. Signs of infection such as weeping, yellow crusts or pain need a"
                        + " medical review. Severe or persistent eczema should be assessed by a dermatologist, who may"
                        + " consider phototherapy or systemic treatment."));
        EN.put(Condition.ACNE, new Clinical(
                "Acne is a common inflammatory condition of the hair follicles and oil glands that mostly affects the"
                        + " face, chest and back. It causes comedones (blackheads and whiteheads), red papules,"
                        + " pustules and, in more severe cases, painful nodules that can leave scars or dark marks.",
                "Acne develops when increased sebum (oil) production, blockage of the hair follicles by skin cells,"
                        + " the bacterium Cutibacterium acnes and inflammation act together. Hormonal changes (puberty,"
                        + " the menstrual cycle, polycystic ovary syndrome), genetics, some medicines and heavy, oily"
                        + " cosmetics can contribute. Acne is not caused by poor hygiene.",
                "For acne, gentle cleansing and non-comedogenic skin care are advised, and the spots should not be"
                        + " squeezed. Mild acne is usually treated with topical products such as benzoyl peroxide, a"
                        + " topical retinoid (for example adapalene) or azelaic acid. Moderate acne may need a topical"
                        + " combination or a course of oral antibiotics prescribed by a doctor, and hormonal treatment"
                        + " can be an option for some women. Severe, nodular or scarring acne should be referred to a"
                        + " dermatologist, who may consider oral isotretinoin, which requires careful monitoring and"
                        + " pregnancy prevention."));
        EN.put(Condition.TINEA_CORPORIS, new Clinical(
                "Tinea corporis (ringworm of the body) is a superficial fungal infection of the skin. It typically"
                        + " forms one or more ring-shaped (annular) patches with a red, scaly, slightly raised border"
                        + " that slowly spreads outwards and a clearer centre, and it is often itchy.",
                "Tinea corporis is caused by dermatophyte fungi (for example Trichophyton and Microsporum species)"
                        + " that live on the outer layer of the skin. It spreads by direct contact with infected people"
                        + " or animals such as cats and dogs, or with contaminated objects such as towels, and warm,"
                        + " moist conditions favour it. It is contagious. Applying a steroid cream alone can change its"
                        + " appearance and help it spread.",
                "A doctor can confirm tinea corporis by examining skin scrapings (microscopy or culture). A limited"
                        + " infection is usually treated with a topical antifungal cream (such as terbinafine,"
                        + " clotrimazole or miconazole) applied to the rash and the skin around it, continued for one"
                        + " to two weeks after it clears. Extensive or persistent infection may need oral antifungal"
                        + " treatment prescribed by a doctor. Keep the skin dry, do not share towels, and have pets"
                        + " checked if they may be the source. Avoid using steroid creams on their own."));
        EN.put(Condition.VITILIGO, new Clinical(
                "Vitiligo is a long-term condition in which pigment cells are lost, leaving well-demarcated"
                        + " milky-white (depigmented) patches. It is not contagious and not painful, and it is more"
                        + " visible on darker skin.",
                "Vitiligo is thought to be an autoimmune process in which the immune system attacks the melanocytes,"
                        + " on a background of genetic susceptibility. It is associated with other autoimmune"
                        + " conditions such as thyroid disease. Skin injury (the Koebner phenomenon) and stress may"
                        + " trigger new patches.",
                "The treatment of vitiligo aims to stop it spreading and to restore colour, and should be discussed"
                        + " with a dermatologist. Options include topical corticosteroids or calcineurin inhibitors,"
                        + " topical ruxolitinib where it is available, and narrowband UVB phototherapy for more"
                        + " extensive disease; surgical grafting may be considered for stable patches. Depigmented skin"
                        + " burns easily, so sun protection is important. Camouflage make-up and psychological support"
                        + " can help, and a doctor may suggest checking thyroid function."));
        EN.put(Condition.URTICARIA, new Clinical(
                "Urticaria (hives) consists of itchy, raised, pink or red wheals, often with a paler centre and a"
                        + " surrounding red flare. Each wheal usually fades within 24 hours without leaving a mark,"
                        + " while new ones may appear, and wheals can merge into larger areas.",
                "The wheals of urticaria are caused by the release of histamine and other substances from mast cells"
                        + " in the skin, which makes small blood vessels leak fluid. Triggers of acute urticaria include"
                        + " infections, medicines (for example anti-inflammatory painkillers or antibiotics) and foods;"
                        + " in many cases of chronic urticaria no external cause is found and an autoimmune mechanism"
                        + " is involved. Physical triggers include pressure, cold, heat and exercise.",
                "For urticaria, identified triggers should be avoided. Regular non-sedating oral antihistamines (for"
                        + " example cetirizine, loratadine or fexofenadine) are the usual first treatment; a doctor may"
                        + " increase the dose or add other treatment if symptoms persist. Seek emergency help"
                        + " immediately if there is swelling of the lips, tongue or throat, difficulty breathing or"
                        + " feeling faint, as these can be signs of a severe allergic reaction (anaphylaxis). Urticaria"
                        + " lasting more than six weeks should be reviewed by a doctor."));
        EN.put(Condition.ACTINIC_KERATOSIS, new Clinical(
                "Actinic keratosis is a rough, scaly patch on sun-damaged skin, usually on the face, scalp, ears,"
                        + " forearms or backs of the hands of older, fair-skinned people. It is often easier to feel than"
                        + " to see. It is a precancerous lesion: a small proportion can develop into squamous cell"
                        + " carcinoma.",
                "Actinic keratosis is caused by long-term, cumulative ultraviolet exposure that damages the"
                        + " keratinocytes of the epidermis. Risk factors include fair skin, older age, outdoor work or"
                        + " hobbies, a history of sunburn and a weakened immune system, for example after an organ"
                        + " transplant.",
                "Actinic keratosis should be assessed by a doctor. Treatment options include cryotherapy with liquid"
                        + " nitrogen for single lesions, and treatments of the whole affected area such as"
                        + " 5-fluorouracil cream, imiquimod cream, diclofenac gel or photodynamic therapy; thick"
                        + " lesions may be removed by curettage. A lesion that becomes thick, tender, bleeds or grows"
                        + " quickly should be checked promptly to rule out skin cancer. Daily sun protection helps"
                        + " prevent new lesions."));

        ZH.put(Condition.MELANOMA, new Clinical(
                "黑色素瘤是起源于皮肤色素细胞（黑素细胞）的恶性肿瘤，属于皮肤癌。它常表现为新出现或正在变化的色素性皮损，"
                        + "具有不对称、边界不规则、颜色多样、直径大于约6毫米或持续变化等特点（ABCDE预警征象）。",
                "当黑素细胞发生基因损伤并开始失控生长时，就可能发生黑色素瘤。主要的已知危险因素是紫外线照射，尤其是间歇性强烈日晒、"
                        + "儿童期晒伤以及使用日光浴床。其他危险因素包括容易晒伤的白皙皮肤、痣的数量多或形态不典型、本人或家族有黑色素瘤病史，"
                        + "以及免疫力低下。黑色素瘤也可发生在很少日晒的部位，如手掌、足底和甲下，这在肤色较深的人群中相对更常见。",
                "此类皮损需要尽快由皮肤科医生评估，最好在两周之内。诊断依靠皮肤镜检查和活检（通常为完整切除）后的病理检查。"
                        + "如确诊为黑色素瘤，主要治疗是带安全切缘的手术切除；根据肿瘤厚度和分期，专科团队可能会安排进一步检查"
                        + "（如前哨淋巴结活检或影像学检查），并考虑免疫治疗或靶向治疗等。请勿用任何药膏或偏方代替专科评估。"
                        + "建议注意防晒并定期自我检查皮肤。"));
        ZH.put(Condition.NEVUS, new Clinical(
                "色素痣是一种常见的良性（非癌性）色素细胞增生。典型的色素痣体积小，呈圆形或椭圆形，颜色均匀，边界光滑规则，"
                        + "可以是平的，也可以略微隆起。",
                "当黑素细胞成簇聚集生长，而不是均匀分散在皮肤中时，就形成了色素痣。一个人痣的多少主要取决于遗传因素和儿童期的日晒；"
                        + "新痣常在儿童期和成年早期出现。大多数痣终生保持稳定，对健康无害。",
                "典型的色素痣无需治疗。如出于美容原因或经常受到摩擦刺激，可由医生切除。可按照ABCDE原则（不对称、边界、颜色、直径、演变）"
                        + "观察变化；如果痣发生变化、出血、持续瘙痒或看起来与自己其他的痣明显不同，应及时到皮肤科就诊。建议注意防晒。"));
        ZH.put(Condition.BASAL_CELL_CARCINOMA, new Clinical(
                "基底细胞癌是最常见的皮肤癌。它生长缓慢，很少转移到其他器官，但如不治疗，可破坏周围组织。典型表现为珍珠样或半透明的"
                        + "丘疹或结节，表面可见细小扩张的血管（毛细血管扩张），有时边缘呈卷起状，或中央出现易出血、不愈合的溃疡。",
                "基底细胞癌起源于表皮的基底细胞，主要与长期累积的紫外线照射有关。年龄增长、白皙皮肤、晒伤史、既往放射治疗、"
                        + "免疫力低下以及一些少见的遗传综合征都会增加患病风险。",
                "基底细胞癌属于皮肤癌，请尽快转诊皮肤科医生，通常需要通过活检确诊。专科医生会根据类型、大小和部位选择治疗方法，"
                        + "可能包括手术切除、Mohs显微描记手术、刮除术、冷冻治疗、浅表型可用的外用药物（如咪喹莫特或5-氟尿嘧啶）、"
                        + "光动力治疗或放射治疗。及时治疗预后很好。由于可能出现新的皮损，建议注意防晒并定期检查皮肤。"));
        ZH.put(Condition.SEBORRHEIC_KERATOSIS, new Clinical(
                "脂溢性角化病是成年人中非常常见的良性皮肤增生。它看起来像贴附在皮肤表面，表面呈蜡样、粗糙或疣状，"
                        + "颜色从浅棕色到深棕色甚至黑色不等。",
                "脂溢性角化病的确切病因尚不清楚。其发生随年龄增长而增多，并有遗传倾向，日晒也可能起一定作用。"
                        + "它不是感染引起的，不会传染，也不会转变为皮肤癌。",
                "脂溢性角化病通常不需要治疗。如果皮损受刺激、瘙痒或影响美观，医生可以通过冷冻、刮除、电外科或激光等方法去除。"
                        + "由于某些皮肤癌的外观可能与之相似，如皮损迅速增大、出血或外观异常，应请皮肤科医生检查。"));
        ZH.put(Condition.PSORIASIS, new Clinical(
                "银屑病是一种慢性、免疫介导的炎症性皮肤病。最常见的斑块型银屑病表现为边界清楚的红色增厚斑块，上覆银白色鳞屑，"
                        + "好发于肘部、膝部、头皮和腰骶部。在深色皮肤上，斑块可呈紫色、灰色或深褐色。银屑病不会传染。",
                "银屑病由免疫系统过度活跃引起，使皮肤细胞的更新加快。遗传因素起重要作用。感染（如链球菌性咽炎）、皮肤外伤、"
                        + "精神压力、吸烟、饮酒以及某些药物都可能诱发或加重病情。",
                "银屑病的治疗应在医生指导下进行。轻症通常使用润肤剂和外用药物，如糖皮质激素、维生素D衍生物（如卡泊三醇）"
                        + "或二者的复方制剂。皮损广泛或难治者可能需要光疗或系统治疗（如甲氨蝶呤、环孢素、阿维A或生物制剂），"
                        + "须由皮肤科医生开具并监测。银屑病可伴发关节炎症和心血管危险因素，如有关节疼痛或肿胀应告知医生。"));
        ZH.put(Condition.ECZEMA, new Clinical(
                "湿疹（皮炎）是一种炎症性皮肤病，表现为瘙痒、干燥、发红或颜色加深的斑片，边界不清。搔抓可引起抓痕、渗出和结痂，"
                        + "长期反复的部位可增厚（苔藓样变）。在深色皮肤上，发红可能不明显，皮损可呈褐色、紫色或灰色。",
                "特应性湿疹由皮肤屏障功能受损、遗传因素（如丝聚蛋白基因变异）和免疫激活共同引起。肥皂和洗涤剂等刺激物、过敏原、"
                        + "干燥或炎热的天气、出汗、精神压力和皮肤感染都可诱发或加重。接触刺激物或过敏原也可引起湿疹（接触性皮炎）。"
                        + "湿疹不会传染。",
                "湿疹护理的基础是规律使用润肤剂、用温和的清洁产品代替肥皂，并避免已知诱因。急性发作时，通常在医生指导下短期外用"
                        + "强度合适的糖皮质激素，或外用钙调神经磷酸酶抑制剂。如出现渗液、黄色结痂或疼痛等感染迹象，需要就医。"
                        + "严重或持续不愈的湿疹应由皮肤科医生评估，必要时考虑光疗或系统治疗。"));
        ZH.put(Condition.ACNE, new Clinical(
                "痤疮是毛囊皮脂腺的常见炎症性疾病，主要累及面部、胸部和背部。表现为粉刺（黑头和白头）、红色丘疹、脓疱，"
                        + "较重时可出现疼痛的结节，愈后可能遗留瘢痕或色素沉着。",
                "痤疮的发生与皮脂分泌增多、毛囊口被角质细胞堵塞、痤疮丙酸杆菌以及炎症反应共同作用有关。激素变化（青春期、月经周期、"
                        + "多囊卵巢综合征）、遗传、某些药物和油腻的化妆品也可促进其发生。痤疮并非由不讲卫生引起。",
                "痤疮患者建议温和清洁，使用不致粉刺的护肤品，不要挤压皮损。轻度痤疮通常外用过氧苯甲酰、维A酸类药物（如阿达帕林）"
                        + "或壬二酸。中度痤疮可能需要外用复方制剂或在医生指导下口服一个疗程的抗生素，部分女性可考虑激素治疗。"
                        + "重度、结节性或留有瘢痕的痤疮应转诊皮肤科医生，医生可能考虑口服异维A酸，用药期间需要严格监测并避孕。"));
        ZH.put(Condition.TINEA_CORPORIS, new Clinical(
                "体癣是皮肤浅表的真菌感染。典型表现为一个或多个环状斑片，边缘发红、有鳞屑、略微隆起并缓慢向外扩展，"
                        + "中央相对消退，常伴瘙痒。",
                "体癣由皮肤癣菌（如毛癣菌属和小孢子菌属）引起，它们寄生于皮肤最外层。可通过直接接触感染者或猫、狗等动物，"
                        + "或接触毛巾等被污染的物品传播，温暖潮湿的环境有利于其生长。体癣具有传染性。单独外用激素药膏可使皮损外观改变并促使其扩散。",
                "医生可以通过皮屑真菌镜检或培养确诊体癣。局限的感染通常外用抗真菌药膏（如特比萘芬、克霉唑或咪康唑），涂抹皮损及周围皮肤，"
                        + "皮损消退后继续使用一到两周。皮损广泛或顽固者可能需要在医生指导下口服抗真菌药。保持皮肤干燥，不与他人共用毛巾，"
                        + "如怀疑宠物是传染源应带宠物检查。避免单独使用激素药膏。"));
        ZH.put(Condition.VITILIGO, new Clinical(
                "白癜风是一种色素细胞丢失的慢性疾病，表现为边界清楚的乳白色（色素脱失）斑片。它不传染、不疼痛，在深色皮肤上更加明显。",
                "白癜风被认为是在遗传易感的基础上，免疫系统攻击黑素细胞的自身免疫过程。它与甲状腺疾病等其他自身免疫病相关。"
                        + "皮肤外伤（同形反应）和精神压力可能诱发新的皮损。",
                "白癜风的治疗目的是阻止皮损扩展并恢复肤色，应与皮肤科医生商讨。可选方法包括外用糖皮质激素或钙调神经磷酸酶抑制剂、"
                        + "在可获得时外用芦可替尼，范围较广者可采用窄谱中波紫外线光疗；病情稳定的皮损可考虑外科移植。脱色的皮肤容易晒伤，"
                        + "因此防晒很重要。遮盖化妆和心理支持也有帮助，医生可能建议检查甲状腺功能。"));
        ZH.put(Condition.URTICARIA, new Clinical(
                "荨麻疹表现为瘙痒性、隆起的粉红色或红色风团，中央常较苍白，周围有红晕。单个风团通常在24小时内消退且不留痕迹，"
                        + "但可反复出现新的风团，风团也可相互融合成较大的范围。",
                "荨麻疹的风团是皮肤肥大细胞释放组胺等介质，使小血管渗出液体所致。急性荨麻疹的诱因包括感染、药物（如非甾体抗炎止痛药"
                        + "或抗生素）和食物；许多慢性荨麻疹找不到外部原因，与自身免疫机制有关。物理性诱因包括压力、寒冷、热和运动。",
                "荨麻疹患者应避免已明确的诱因。规律口服非镇静性抗组胺药（如西替利嗪、氯雷他定或非索非那定）是常用的首选治疗；"
                        + "如症状持续，医生可能增加剂量或加用其他治疗。如出现嘴唇、舌头或喉咙肿胀、呼吸困难或头晕欲倒，"
                        + "可能是严重过敏反应，应立即急诊就医。持续超过六周的荨麻疹应由医生复诊评估。"));
        ZH.put(Condition.ACTINIC_KERATOSIS, new Clinical(
                "日光性角化病是发生在光损伤皮肤上的粗糙、有鳞屑的斑片，常见于年长、肤色白皙者的面部、头皮、耳部、前臂或手背，"
                        + "往往摸起来比看起来更明显。它属于癌前病变，少部分可发展为鳞状细胞癌。",
                "日光性角化病由长期累积的紫外线照射损伤表皮角质形成细胞所致。危险因素包括白皙皮肤、年龄较大、户外工作或户外活动多、"
                        + "晒伤史以及免疫力低下（如器官移植后）。",
                "日光性角化病应由医生评估。治疗方法包括对单个皮损进行液氮冷冻，以及对整片受累区域使用5-氟尿嘧啶乳膏、咪喹莫特乳膏、"
                        + "双氯芬酸凝胶或光动力治疗；较厚的皮损可行刮除。如皮损增厚、触痛、出血或迅速增大，应及时检查以排除皮肤癌。"
                        + "每天防晒有助于预防新皮损。"));
    }
}
