import { describe, expect, it } from "vitest";
import { hasSpeechRules, normalizeForSpeech } from "@/lib/speech";
import { normalizeForSpeech as normalizeEnglish } from "@/lib/speech/normalize";

const es = (text: string) => normalizeForSpeech(text, { language: "es" });

describe("Spanish normalisation: appointment dates and times", () => {
  it("says a reminder's date and time as a Spanish speaker does", () => {
    expect(es("el martes 3 de marzo a las 2:30 p. m.")).toBe("el martes tres de marzo a las dos y media de la tarde.");
    expect(es("Su cita es el martes 3 de marzo a las 2:30 p.m. Gracias.")).toBe(
      "Su cita es el martes tres de marzo a las dos y media de la tarde. Gracias.",
    );
  });

  it("reads 24-hour times with the part of the day", () => {
    expect(es("a las 14:30")).toBe("a las dos y media de la tarde");
    expect(es("a las 9:15")).toBe("a las nueve y cuarto");
    expect(es("a las 08:00 h")).toBe("a las ocho en punto");
    expect(es("a las 20:45 hrs")).toBe("a las ocho y cuarenta y cinco de la noche");
    expect(es("a las 0:10")).toBe("a las doce y diez de la madrugada");
    expect(es("a las 12:00 p. m.")).toBe("a las doce del mediodía.");
    expect(es("a las 9 a. m.")).toBe("a las nueve de la mañana.");
  });

  it('says "a la una", never "a las una"', () => {
    expect(es("a las 1:00 p. m.")).toBe("a la una de la tarde.");
    expect(es("A las 13:30")).toBe("A la una y media de la tarde");
    expect(es("a la 1 pm")).toBe("a la una de la tarde");
  });

  it("reads written dates: day first, the first of the month as primero, years as numbers", () => {
    expect(es("el 1 de abril de 2026")).toBe("el primero de abril de dos mil veintiséis");
    expect(es("Mar. 3 de mar. 2026")).toBe("Martes tres de marzo de dos mil veintiséis");
    expect(es("el 3/4/2026")).toBe("el tres de abril de dos mil veintiséis");
    expect(es("el 13/3")).toBe("el trece de marzo");
    expect(es("2026-03-03")).toBe("tres de marzo de dos mil veintiséis");
    expect(es("marzo 3, 2026")).toBe("tres de marzo de dos mil veintiséis");
    expect(es("tome 1/2 tableta")).toBe("tome un medio tableta");
    expect(es("de lun-vie")).toBe("de lunes a viernes");
    expect(es("Horario: lun. a vie. de 9:00 a 17:00")).toBe("Horario: lunes a viernes de nueve en punto a cinco de la tarde");
    expect(es("Abierto 24/7")).toBe("Abierto las veinticuatro horas, los siete días de la semana");
    expect(es("Su cita es el 2 de diciembre. Gracias.")).toBe("Su cita es el dos de diciembre. Gracias.");
    expect(es("Su cita es el 2 de dic.")).toBe("Su cita es el dos de diciembre.");
  });
});

describe("Spanish normalisation: numbers, money, phones", () => {
  it("reads money in dollars and centavos", () => {
    expect(es("$25.50")).toBe("veinticinco dólares con cincuenta centavos");
    expect(es("$1")).toBe("un dólar");
    expect(es("$21")).toBe("veintiún dólares");
    expect(es("$0.99")).toBe("noventa y nueve centavos");
    expect(es("$1,250.50")).toBe("mil doscientos cincuenta dólares con cincuenta centavos");
    expect(es("$1 millón")).toBe("un millón de dólares");
    expect(es("150 pesos")).toBe("ciento cincuenta pesos");
    expect(es("1.234,50 € o 30 €")).toBe("mil doscientos treinta y cuatro euros con cincuenta céntimos o treinta euros");
  });

  it("agrees a number with what it counts", () => {
    expect(es("21 años, 1 hora, 31 días, 21 citas, piso 1")).toBe("veintiún años, una hora, treinta y un días, veintiuna citas, piso uno");
    expect(es("100, 101, 500, 700, 1000, 2026, 1000000")).toBe(
      "cien, ciento uno, quinientos, setecientos, mil, dos mil veintiséis, uno cero cero cero cero cero cero",
    );
    expect(es("15% y 2.5 mg")).toBe("quince por ciento y dos punto cinco miligramos");
  });

  it("reads ordinals", () => {
    expect(es("1er piso, 2da planta, 3.º, 1.ª vez, 4to, 1° piso")).toBe("primer piso, segunda planta, tercero, primera vez, cuarto, primero piso");
  });

  it("reads phone numbers digit by digit in their groups", () => {
    expect(es("Llame al (512) 555-0142.")).toBe("Llame al cinco uno dos, cinco cinco cinco, cero uno cuatro dos.");
    expect(es("Llame al 512.555.0142")).toBe(es("Llame al (512) 555-0142"));
    expect(es("+1 512 555 0142")).toBe("uno, cinco uno dos, cinco cinco cinco, cero uno cuatro dos");
    expect(es("+52 55 1234 5678")).toBe("más cinco dos, cinco cinco, uno dos tres cuatro, cinco seis siete ocho");
  });
});

describe("Spanish normalisation: titles, abbreviations, names", () => {
  it("expands titles, in lower case inside a sentence", () => {
    expect(es("con la Dra. Pérez y el Dr. Smith")).toBe("con la doctora Pérez y el doctor Smith");
    expect(es("Sr. Muñoz, Sra. López, Srta. Gómez, Lic. Ramírez")).toBe("Señor Muñoz, señora López, señorita Gómez, licenciado Ramírez");
    expect(es("Dra Pérez")).toBe("Doctora Pérez");
  });

  it("expands common abbreviations and keeps a sentence end", () => {
    expect(es("Tel. 555-0142, ext. 204")).toBe("Teléfono cinco cinco cinco, cero uno cuatro dos, extensión doscientos cuatro");
    expect(es("Traiga su tarjeta, etc. Gracias.")).toBe("Traiga su tarjeta, etcétera. Gracias.");
    expect(es("Tome 2 tabletas c/8 hrs.")).toBe("Tome dos tabletas cada ocho horas.");
    expect(es("Vive en EE. UU. desde 2019, Av. Juárez No. 5")).toBe("Vive en Estados Unidos desde dos mil diecinueve, avenida Juárez número cinco");
  });

  it("leaves names, English ones too, as they are written", () => {
    expect(es("Hola Jennifer O'Brien, soy Mar de la clínica Bright Smile.")).toBe("Hola Jennifer O'Brien, soy Mar de la clínica Bright Smile.");
    expect(es("Dom y May le esperan")).toBe("Dom y May le esperan");
  });

  it("keeps ¿ and ¡ where a question or exclamation opens, with a space after the sentence before", () => {
    expect(es("Gracias.¿Viene?¡Lo esperamos!")).toBe("Gracias. ¿Viene? ¡Lo esperamos!");
    expect(es("¿ Confirma ?")).toBe("¿Confirma?");
    expect(es("¿¿Sí??")).toBe("¿Sí?");
  });

  it("spells addresses with Spanish symbol names", () => {
    expect(es("Escriba a citas@clinica.com o visite www.clinica.com/citas.")).toBe(
      "Escriba a citas arroba clinica punto com o visite w w w punto clinica punto com barra citas.",
    );
  });
});

describe("normalizeForSpeech by language", () => {
  const english = "Hi Maria, your appt. with Dr. Patel is on Tue., Mar. 3rd at 2:30 PM. Call (555) 123-4567 about your $25.50 copay.";

  it("gives English text exactly the English output, with or without a language", () => {
    expect(normalizeForSpeech(english)).toBe(normalizeEnglish(english));
    expect(normalizeForSpeech(english, { language: "en" })).toBe(normalizeEnglish(english));
    expect(normalizeForSpeech(english, { language: "en-US" })).toBe(normalizeEnglish(english));
  });

  it("reads Spanish by any Spanish tag, and a language without rules of its own by the English rules", () => {
    expect(normalizeForSpeech("$1", { language: "es-419" })).toBe("un dólar");
    expect(normalizeForSpeech("$1", { language: "es-MX" })).toBe("un dólar");
    expect(normalizeForSpeech("$1", { language: "fr" })).toBe("one dollar");
    expect(hasSpeechRules("es-US")).toBe(true);
    expect(hasSpeechRules("fr")).toBe(false);
  });
});
